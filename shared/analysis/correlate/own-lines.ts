import type { Collected } from '../collect/index.ts';

/** The templates of every line a service wrote, routine and failing, one a line: what its own lines name. */
export function ownLines(collected: Collected, service: string): string {
  return collected.patterns
    .filter((p) => p.service === service)
    .map((p) => p.template)
    .join('\n');
}
