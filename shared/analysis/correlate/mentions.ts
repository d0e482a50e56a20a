/**
 * Which known services a message names. A caller's error that names another service ("upstream
 * payments-worker", "inventory-api returned 503") is evidence that the named service failed first.
 * A service is named by its full name, by its distinctive stem ("reviews" for reviews-api), or by
 * the client class that calls it ("PassengerClient" for fl-passenger).
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

/**
 * A client class named after the service it calls (`PassengerClient`, `FoodServiceClient`,
 * `LedgerGrpcStub`): Spring/Feign, gRPC and SDK generators name their clients so.
 */
const CLIENT_CLASS = /\b((?:[A-Z][a-z0-9]+)+?)(?:Service|Svc|Api|Grpc)?(?:Client|Stub|Proxy)\b/g;

/** Client classes of libraries, named for what they speak, not for a service (`WebClient`, `ApiClient`). */
const GENERIC_CLIENT = new Set([
  'api',
  'http',
  'https',
  'web',
  'rest',
  'grpc',
  'rpc',
  'base',
  'default',
  'main',
  'service',
]);

/** The words of a CamelCase name, lower case, joined as a service name is (`OrderOther` → `order-other`). */
function dashed(camel: string): string {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * A service's name without what it shares with the others: a leading segment most services carry
 * (`fl-`, `ts-`) and a generic suffix (`-service`, `-api`). `fl-passenger` → `passenger`.
 */
function coreName(service: string, all: readonly string[]): string {
  const name = service.toLowerCase().replace(GENERIC_SUFFIX, '');
  const dash = name.indexOf('-');
  if (dash <= 0 || all.length < 3) return name;
  const prefix = name.slice(0, dash + 1);
  const sharing = all.filter((s) => s.toLowerCase().startsWith(prefix)).length;
  return sharing * 2 > all.length ? name.slice(dash + 1) : name;
}

export function mentionedServices(message: string, services: Iterable<string>, self: string): Mention[] {
  const text = message.toLowerCase();
  // A service's name written as an identifier (`orders_api`: a database user, a module, a setting).
  const dashedText = text.includes('_') ? text.replaceAll('_', '-') : null;
  const all = [...services];
  const clients = new Set([...message.matchAll(CLIENT_CLASS)].map((m) => dashed(m[1] as string)));
  const found: Mention[] = [];
  for (const service of all) {
    if (service === self) continue;
    const name = service.toLowerCase();
    if (
      boundaryIncludes(text, name) ||
      (dashedText !== null && name.includes('-') && boundaryIncludes(dashedText, name))
    ) {
      found.push({ service, weight: 1 });
      continue;
    }
    const stem = name.replace(GENERIC_SUFFIX, '');
    if (stem !== name && stem.length >= 4 && boundaryIncludes(text, stem)) {
      found.push({ service, weight: 0.5 });
      continue;
    }
    const core = clients.size > 0 ? coreName(service, all) : '';
    if (core.length >= 3 && !GENERIC_CLIENT.has(core) && clients.has(core))
      found.push({ service, weight: 0.5 });
  }
  return found;
}

/** A member's number after its group's name: an ElastiCache node (`-001`), an Aurora instance (`-1`). */
const MEMBER_SUFFIX = /-\d{1,4}$/;

/**
 * Whether a message names a resource that writes no logs by the endpoint its clients connect to:
 * its name, or the name of the group it is a member of (`rates-cache` for the node `rates-cache-001`),
 * as a host or a host and port (`rates-cache.x7k2pq.ng.0001.euw1.cache.amazonaws.com:6379`).
 */
export function namesEndpointOf(message: string, resource: string): boolean {
  const text = message.toLowerCase();
  const name = resource.toLowerCase();
  if (boundaryIncludes(text, name)) return true;
  const group = name.replace(MEMBER_SUFFIX, '');
  if (group.length < 4) return false;
  for (let at = text.indexOf(group); at !== -1; at = text.indexOf(group, at + 1)) {
    const before = at === 0 ? '' : (text[at - 1] as string);
    const after = text[at + group.length] ?? '';
    if (!/[a-z0-9_.-]/.test(before) && (after === '.' || after === ':')) return true;
  }
  return false;
}
