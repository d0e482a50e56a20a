import type { LogRecord } from '../../domain/log-event.ts';
import type { Suspect } from './suspects.ts';

/**
 * Request and trace ids that services print beside their failures: the same id in the lines of
 * several services is one request crossing them, and the service that failed on it first is
 * nearer its origin than those that reported it after (the callers hear of a failure after it
 * happens). Only warning-or-worse lines are read, so the cost follows the failures, not the traffic.
 */

/** Field names that carry a request's id: W3C/OpenTelemetry, X-Ray, and the usual request-id headers. */
const ID_FIELDS = [
  'traceId',
  'trace_id',
  'traceID',
  'trace.id',
  'requestId',
  'request_id',
  'x-request-id',
  'x_request_id',
  'correlationId',
  'correlation_id',
  'AWS-XRAY-TRACE-ID',
] as const;
const ID_IN_TEXT =
  /\b(?:trace[_ .-]?id|request[_ .-]?id|x-request-id|correlation[_ .-]?id|x-amzn-trace-id)["']?\s*[=:]\s*["']?(?:Root=)?([A-Za-z0-9][A-Za-z0-9-]{7,63})/i;
/** Ids kept per shard and merge; past this, further ids are not followed (the first failures matter most). */
const MAX_REQUEST_IDS = 20_000;

/** Request id → service → its earliest failing line's time. */
export type RequestHops = Map<string, Map<string, number>>;

export function requestIdOf(record: LogRecord): string | null {
  const fields = record.fields;
  if (fields) {
    for (const key of ID_FIELDS) {
      const value = fields[key];
      if (typeof value === 'string' && value.length >= 8 && value.length <= 128) return value;
    }
  }
  const head = record.message.length > 500 ? record.message.slice(0, 500) : record.message;
  return ID_IN_TEXT.exec(head)?.[1] ?? null;
}

/** Adds a failing line's (id, service, time) to the hops, bounded. */
export function addHop(hops: RequestHops, id: string, service: string, at: number): void {
  let services = hops.get(id);
  if (!services) {
    if (hops.size >= MAX_REQUEST_IDS) return;
    services = new Map();
    hops.set(id, services);
  }
  const seen = services.get(service);
  if (seen === undefined || at < seen) services.set(service, at);
}

export function mergeHops(into: RequestHops, entries: Iterable<[string, [string, number][]]>): void {
  for (const [id, services] of entries) for (const [service, at] of services) addHop(into, id, service, at);
}

export function hopsToJson(hops: RequestHops): [string, [string, number][]][] {
  return [...hops].map(([id, services]) => [id, [...services]]);
}

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
