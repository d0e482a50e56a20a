import {
  type CloudWatchLogsClient,
  FilterLogEventsCommand,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import { SPANS_LOG_GROUP } from '../../deployment/log-groups.ts';
import type { Telemetry } from '../../domain/telemetry.ts';
import {
  TELEMETRY_LIMITS,
  TelemetryCollector,
  type TelemetryLimits,
} from '../../ports/telemetry-collector.ts';
import type { TelemetryRequest, TelemetrySource } from '../../ports/telemetry-source.ts';
import { isResourceNotFound } from './cloudwatch-errors.ts';
import { errorText } from './error-text.ts';
import { traceFilters } from './xray-filter.ts';

export interface TransactionSpanOptions {
  /** A CloudWatch Logs client; throttling is retried by the SDK's own retry strategy. */
  client: CloudWatchLogsClient;
  /** Most spans read (default 20,000) and FilterLogEvents pages followed (default 200). */
  maxSpans?: number;
  maxPages?: number;
  limits?: TelemetryLimits;
}

const SOURCE = SPANS_LOG_GROUP;

/**
 * The traces of an incident where CloudWatch Transaction Search is on: the spans of the `aws/spans`
 * log group in the window, narrowed to the events that name a service in play, each read as the
 * X-Ray segment it stands for (service, times, HTTP status, fault, error, throttle, parent).
 * Without the log group (Transaction Search off) there is nothing to read and nothing to say.
 */
export class TransactionSpanSource implements TelemetrySource {
  constructor(private readonly options: TransactionSpanOptions) {}

  async fetchTelemetry(request: TelemetryRequest): Promise<Telemetry> {
    const collector = new TelemetryCollector(
      { startTime: request.startTime, endTime: request.endTime },
      this.options.limits ?? TELEMETRY_LIMITS,
    );
    const maxSpans = this.options.maxSpans ?? 20_000;
    const maxPages = this.options.maxPages ?? 200;
    const filters = traceFilters(request.services);
    const usable = request.services.filter((s) => !filters.skipped.includes(s.trim()) && s.trim() !== '');
    // A term pattern: events holding any of the quoted names (the names hold no quote, see traceFilters).
    const filterPattern = usable.length > 0 ? usable.map((s) => `?"${s.trim()}"`).join(' ') : undefined;
    let token: string | undefined;
    let pages = 0;
    let spans = 0;
    do {
      if (pages >= maxPages || spans >= maxSpans || collector.tracesFull) {
        collector.note(
          `Transaction Search spans stopped at ${spans} (bounds ${maxSpans} spans, ${maxPages} pages): later spans were not read.`,
        );
        break;
      }
      pages++;
      let out: FilterLogEventsCommandOutput;
      try {
        out = await this.options.client.send(
          new FilterLogEventsCommand({
            logGroupName: SPANS_LOG_GROUP,
            startTime: request.startTime,
            endTime: request.endTime,
            ...(filterPattern ? { filterPattern } : {}),
            nextToken: token,
          }),
        );
      } catch (error) {
        if (!isResourceNotFound(error)) {
          collector.note(
            `Reading the spans of ${SPANS_LOG_GROUP} failed (${errorText(error)}): they were not read.`,
          );
        }
        break;
      }
      for (const event of out.events ?? []) {
        if (spans >= maxSpans) break;
        spans++;
        let value: unknown;
        try {
          value = JSON.parse(event.message ?? '');
        } catch {
          collector.reject(SOURCE, 'span(s)', 'not valid JSON');
          continue;
        }
        const segment = spanAsSegment(value);
        if (segment === null) collector.reject(SOURCE, 'span(s)', 'not an OpenTelemetry span');
        else collector.segment(segment, SOURCE);
      }
      token = out.nextToken;
    } while (token);
    return collector.finish();
  }
}

/**
 * One OpenTelemetry span (as Transaction Search stores it) as an X-Ray segment document: the
 * service from `resource.attributes["service.name"]`, times from the Unix nanoseconds, the trace id
 * in X-Ray's form, the HTTP status from the semantic-convention attributes; a span whose status is
 * ERROR is a fault, unless its status code says the caller erred (4xx) or was throttled (429).
 * Null when it is no span.
 */
export function spanAsSegment(value: unknown): Record<string, unknown> | null {
  if (!isRecord(value)) return null;
  const traceId = text(value.traceId);
  const spanId = text(value.spanId);
  const start = nanos(value.startTimeUnixNano);
  if (!traceId || !spanId || start === undefined) return null;
  const end = nanos(value.endTimeUnixNano);
  const attributes = isRecord(value.attributes) ? value.attributes : {};
  const resource =
    isRecord(value.resource) && isRecord(value.resource.attributes) ? value.resource.attributes : {};
  const service = text(resource['service.name']) ?? text(value.name) ?? 'unknown';
  const status = number(attributes['http.response.status_code'] ?? attributes['http.status_code']);
  const failed =
    isRecord(value.status) && ['ERROR', 'STATUS_CODE_ERROR', 2].includes(value.status.code as string);
  const method = text(attributes['http.request.method'] ?? attributes['http.method']);
  const url = text(attributes['url.full'] ?? attributes['http.url'] ?? attributes['http.target']);
  const spanName = text(value.name);
  const kind = text(value.kind);
  const parent = text(value.parentSpanId);
  return {
    trace_id: /^[0-9a-f]{32}$/i.test(traceId) ? `1-${traceId.slice(0, 8)}-${traceId.slice(8)}` : traceId,
    id: spanId,
    ...(parent ? { parent_id: parent } : {}),
    name: service,
    start_time: start,
    ...(end !== undefined ? { end_time: end } : {}),
    ...(status === 429 ? { throttle: true, error: true } : {}),
    ...(status !== undefined && status >= 400 && status < 500 && status !== 429 ? { error: true } : {}),
    ...((failed && (status === undefined || status >= 500)) || (status !== undefined && status >= 500)
      ? { fault: true }
      : {}),
    ...(status !== undefined || method || url
      ? {
          http: {
            ...(method || url ? { request: { ...(method ? { method } : {}), ...(url ? { url } : {}) } } : {}),
            ...(status !== undefined ? { response: { status } } : {}),
          },
        }
      : {}),
    ...(spanName || kind
      ? {
          annotations: { ...(spanName ? { span_name: spanName } : {}), ...(kind ? { span_kind: kind } : {}) },
        }
      : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function number(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Epoch seconds from Unix nanoseconds (a number past 2^53 loses only sub-microsecond digits, or a text). */
function nanos(value: unknown): number | undefined {
  const n = number(value);
  return n === undefined ? undefined : n / 1e9;
}
