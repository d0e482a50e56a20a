import type { RequestHops } from './request-hops.ts';
import type { Suspect } from './suspects.ts';

/**
 * The same request id in the failing lines of several services is one request crossing them, and
 * the service that failed on it first is nearer its origin than those that reported it after (the
 * callers hear of a failure after it happens).
 */

export interface RequestOrder {
  /** Requests that failed in more than one suspect. */
  shared: number;
  /** earlier service → later service → requests where it failed first. */
  precedes: Map<string, Map<string, number>>;
}

/** For the suspects, which failed first in the requests they share. */
export function orderOfRequests(hops: RequestHops, suspects: ReadonlyMap<string, Suspect>): RequestOrder {
  const precedes = new Map<string, Map<string, number>>();
  let shared = 0;
  for (const services of hops.values()) {
    const involved = [...services].filter(([s]) => suspects.has(s));
    if (involved.length < 2) continue;
    shared++;
    involved.sort((a, b) => a[1] - b[1]);
    const [first, firstAt] = involved[0] as [string, number];
    for (const [later, at] of involved.slice(1)) {
      if (at === firstAt) continue;
      const row = precedes.get(first) ?? new Map<string, number>();
      row.set(later, (row.get(later) ?? 0) + 1);
      precedes.set(first, row);
    }
  }
  return { shared, precedes };
}

/** Requests needed for a request-order edge to count fully. */
const FULL_WEIGHT_REQUESTS = 5;

/**
 * Links suspects by the order of their failures in shared requests: a service that failed after
 * another in most of their shared requests reports that one's failure (an edge like a line naming
 * it). Returns the edges added, for the reasoning trail.
 */
export function linkByRequests(order: RequestOrder, suspects: Map<string, Suspect>): string[] {
  const edges: string[] = [];
  for (const [first, row] of order.precedes) {
    for (const [later, count] of row) {
      const reverse = order.precedes.get(later)?.get(first) ?? 0;
      if (count <= reverse) continue;
      const weight = Math.min(1, (count - reverse) / FULL_WEIGHT_REQUESTS) * 0.8;
      const origin = suspects.get(first);
      const reporter = suspects.get(later);
      if (!origin || !reporter) continue;
      reporter.blames.set(first, Math.max(reporter.blames.get(first) ?? 0, weight));
      origin.blamedBy.set(later, Math.max(origin.blamedBy.get(later) ?? 0, weight));
      edges.push(
        `${first} failed before ${later} in ${count} of their shared requests (after it in ${reverse})`,
      );
    }
  }
  return edges;
}
