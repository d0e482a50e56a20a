/**
 * Which known services a message names. A caller's error that names another service ("upstream
 * payments-worker", "inventory-api returned 503") is evidence that the named service failed first.
 * A service is named by its full name, or by its distinctive stem ("reviews" for reviews-api).
 */
const GENERIC_SUFFIX = /-(?:api|service|svc|server|app|worker|job|web|backend|frontend|gateway)$/;

export interface Mention {
  service: string;
  /** 1 for the full name, 0.5 for the stem only. */
  weight: number;
}

function boundaryIncludes(haystack: string, needle: string): boolean {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at === -1) return false;
    const before = at === 0 ? '' : (haystack[at - 1] as string);
    const after = haystack[at + needle.length] ?? '';
    if (!/[a-z0-9_-]/.test(before) && !/[a-z0-9_]/.test(after)) return true;
    from = at + 1;
  }
}

export function mentionedServices(message: string, services: Iterable<string>, self: string): Mention[] {
  const text = message.toLowerCase();
  const found: Mention[] = [];
  for (const service of services) {
    if (service === self) continue;
    const name = service.toLowerCase();
    if (boundaryIncludes(text, name)) {
      found.push({ service, weight: 1 });
      continue;
    }
    const stem = name.replace(GENERIC_SUFFIX, '');
    if (stem !== name && stem.length >= 4 && boundaryIncludes(text, stem))
      found.push({ service, weight: 0.5 });
  }
  return found;
}
