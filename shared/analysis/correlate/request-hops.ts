import type { LogRecord } from '../../domain/log-event.ts';
import { pathValue } from '../parse/styles/json-object.ts';
import { SIGNAL_RULES } from '../signals/lexicon.ts';

/**
 * Request and trace ids that services print beside their failures, gathered as the lines are
 * collected: for each id, the services that failed on it and when each failed first (the
 * correlation orders them, request-ids.ts). Only warning-or-worse lines are read, so the cost
 * follows the failures, not the traffic.
 */

/**
 * Field names that carry a request's id: W3C/OpenTelemetry (`trace_id`, OTLP's `TraceId`), X-Ray,
 * Elastic Common Schema (`trace.id`, `http.request.id`), Fastify (`reqId`), pino-http (`req.id`),
 * and the usual request-id headers and their logfmt spellings (`req_id`, `rid`). Dotted names are
 * also looked up as paths into nested objects (`pathValue`).
 */
const ID_FIELDS = [
  'traceId',
  'trace_id',
  'traceID',
  'TraceId',
  'trace.id',
  'requestId',
  'request_id',
  'reqId',
  'req_id',
  'rid',
  'req.id',
  'http.request.id',
  'x-request-id',
  'x_request_id',
  'correlationId',
  'correlation_id',
  'AWS-XRAY-TRACE-ID',
] as const;
const ID_IN_TEXT =
  /\b(?:trace[_ .-]?id|req(?:uest)?[_ .-]?id|rid|x-request-id|correlation[_ .-]?id|x-amzn-trace-id)["']?\s*[=:]\s*["']?(?:Root=)?([A-Za-z0-9][A-Za-z0-9-]{7,63})/i;
/**
 * Spring Cloud Sleuth and Micrometer Tracing's log prefix `[application,traceId,spanId]` (their
 * default logging pattern), whose trace id the message itself no longer carries.
 */
const SLEUTH_PREFIX = /\[[\w.-]{1,64},([0-9a-f]{16}|[0-9a-f]{32}),[0-9a-f]{16}(?:,\w+)?\]/;
/** Ids kept per shard and merge; past this, further ids are not followed (the first failures matter most). */
const MAX_REQUEST_IDS = 20_000;

/** Request id → service → its earliest failing line's time. */
export type RequestHops = Map<string, Map<string, number>>;

/** The lexicon's phrases of a caller that timed out waiting on a dependency. */
const WAITED = SIGNAL_RULES.filter((r) => r.faultClass === 'dependency_timeout' && !r.own).map(
  (r) => r.pattern,
);

/**
 * The request id of a failing line that says who failed when: a line reporting that it timed out
 * waiting on something says nothing of the order (the caller gives up before its slow callee ends
 * and logs), so it gives none.
 */
export function hopIdOf(record: LogRecord): string | null {
  const id = requestIdOf(record);
  if (id === null) return null;
  const head = record.message.length > 2000 ? record.message.slice(0, 2000) : record.message;
  return WAITED.some((pattern) => pattern.test(head)) ? null : id;
}

export function requestIdOf(record: LogRecord): string | null {
  const id = fieldId(record.fields) ?? textId(record);
  // W3C Trace Context: an id of all zeros is invalid (what a logger prints outside any trace).
  return id === null || NO_ID.test(id) ? null : id;
}

const NO_ID = /^[0-]+$/;

function fieldId(fields: Record<string, unknown> | undefined): string | null {
  if (!fields) return null;
  for (const key of ID_FIELDS) {
    const value = pathValue(fields, key);
    if (typeof value === 'string' && value.length >= 8 && value.length <= 128) return value;
  }
  return null;
}

function textId(record: LogRecord): string | null {
  const head = record.message.length > 500 ? record.message.slice(0, 500) : record.message;
  return ID_IN_TEXT.exec(head)?.[1] ?? SLEUTH_PREFIX.exec(record.raw.slice(0, 300))?.[1] ?? null;
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
