import {
  BatchGetTracesCommand,
  type BatchGetTracesCommandOutput,
  GetTraceSummariesCommand,
  type GetTraceSummariesCommandOutput,
  type TraceSummary,
  type XRayClient,
} from '@aws-sdk/client-xray';
import type { Telemetry } from '../../domain/telemetry.ts';
import {
  TELEMETRY_LIMITS,
  TelemetryCollector,
  type TelemetryLimits,
} from '../../ports/telemetry-collector.ts';
import type { TelemetryRequest, TelemetrySource } from '../../ports/telemetry-source.ts';
import { errorText } from './error-text.ts';
import { traceFilters } from './xray-filter.ts';
import { sampleTraces } from './xray-sample.ts';

export interface XRayTraceOptions {
  /** An X-Ray client; throttling is retried by the SDK's own retry strategy. */
  client: XRayClient;
  /** Most traces read in full (BatchGetTraces); default 200. */
  maxTraces?: number;
  /** Most trace summaries considered per filter; default 2,000 (scanned traces are billed). */
  maxSummaries?: number;
  /** Most GetTraceSummaries pages per filter and time chunk; default 50. */
  maxSummaryPages?: number;
  limits?: TelemetryLimits;
}

/** BatchGetTraces takes at most 5 trace ids a call. */
export const TRACES_PER_CALL = 5;

/** GetTraceSummaries reads at most 6 hours a call: a longer window is read in chunks. */
const MAX_RANGE_MS = 6 * 3_600_000;

const SOURCE = 'X-Ray';

/** Pages of one BatchGetTraces call followed at most (a trace's segments rarely need a second). */
const MAX_TRACE_PAGES = 10;

/**
 * The traces of an incident from X-Ray: GetTraceSummaries for the window, once for the failed
 * requests of the services in play (fault, error, throttle) and once for all of their requests
 * (bounded, paged), then a bounded sample (failed first, then the slowest, then the others spread
 * over the window) read with BatchGetTraces, 5 ids a call. Each segment document is parsed and
 * validated with its subsegments; unprocessed ids, failed calls and bounds are said in the notes.
 */
export class XRayTraceSource implements TelemetrySource {
  constructor(private readonly options: XRayTraceOptions) {}

  async fetchTelemetry(request: TelemetryRequest): Promise<Telemetry> {
    const { startTime, endTime } = request;
    const collector = new TelemetryCollector({ startTime, endTime }, this.options.limits ?? TELEMETRY_LIMITS);
    const filters = traceFilters(request.services);
    if (filters.skipped.length > 0) {
      collector.note(
        `${filters.skipped.length} service name(s) could not be used in an X-Ray filter expression: their traces were not asked for by name.`,
      );
    }
    const failed = await this.summaries(filters.failed, request, collector, 'failed requests');
    const all = await this.summaries(filters.all, request, collector, 'requests');
    const ids = sampleTraces([...failed, ...all], this.options.maxTraces ?? 200);
    const distinct = new Set([...failed, ...all].map((s) => s.Id)).size;
    if (ids.length < distinct) {
      collector.note(
        `X-Ray: ${ids.length} of ${distinct} traces were read in full (failed first, then the slowest, then a spread of the others).`,
      );
    }
    await this.readTraces(ids, collector);
    return collector.finish();
  }

  private async summaries(
    filter: string | undefined,
    request: TelemetryRequest,
    collector: TelemetryCollector,
    what: string,
  ): Promise<TraceSummary[]> {
    const max = this.options.maxSummaries ?? 2000;
    const maxPages = this.options.maxSummaryPages ?? 50;
    const found: TraceSummary[] = [];
    for (let from = request.startTime; from < request.endTime; from += MAX_RANGE_MS) {
      const to = Math.min(request.endTime, from + MAX_RANGE_MS);
      let token: string | undefined;
      let pages = 0;
      do {
        if (found.length >= max || pages >= maxPages) {
          collector.note(
            `X-Ray trace summaries of ${what} stopped at ${found.length} (bounds ${max} summaries, ${maxPages} pages): later traces were not considered.`,
          );
          return found;
        }
        pages++;
        let out: GetTraceSummariesCommandOutput;
        try {
          out = await this.options.client.send(
            new GetTraceSummariesCommand({
              StartTime: new Date(from),
              EndTime: new Date(to),
              Sampling: false,
              ...(filter ? { FilterExpression: filter } : {}),
              NextToken: token,
            }),
          );
        } catch (error) {
          collector.note(
            `X-Ray GetTraceSummaries failed for ${what} (${errorText(error)}): those traces were not read.`,
          );
          return found;
        }
        found.push(...(out.TraceSummaries ?? []).slice(0, max - found.length));
        token = out.NextToken;
      } while (token);
    }
    return found;
  }

  private async readTraces(ids: readonly string[], collector: TelemetryCollector): Promise<void> {
    for (let start = 0; start < ids.length; start += TRACES_PER_CALL) {
      if (collector.tracesFull) {
        collector.reject(
          SOURCE,
          'trace(s)',
          'the segment cap was reached before they were read',
          ids.length - start,
        );
        return;
      }
      const batch = ids.slice(start, start + TRACES_PER_CALL);
      let token: string | undefined;
      const seen = new Set<string>();
      let pages = 0;
      do {
        if (++pages > MAX_TRACE_PAGES) {
          collector.note(
            `BatchGetTraces kept paging past ${MAX_TRACE_PAGES} pages: the rest of those traces was not read.`,
          );
          break;
        }
        let out: BatchGetTracesCommandOutput;
        try {
          out = await this.options.client.send(
            new BatchGetTracesCommand({ TraceIds: batch, NextToken: token }),
          );
        } catch (error) {
          const left = batch.filter((id) => !seen.has(id)).length;
          collector.reject(SOURCE, 'trace(s)', `BatchGetTraces failed (${errorText(error)})`, left);
          break;
        }
        for (const trace of out.Traces ?? []) {
          if (trace.Id) seen.add(trace.Id);
          for (const segment of trace.Segments ?? []) this.take(segment.Document, collector);
        }
        const unprocessed = out.UnprocessedTraceIds?.length ?? 0;
        if (unprocessed > 0)
          collector.reject(SOURCE, 'trace(s)', 'left unprocessed by BatchGetTraces', unprocessed);
        token = out.NextToken;
      } while (token);
    }
  }

  private take(document: string | undefined, collector: TelemetryCollector): void {
    let value: unknown;
    try {
      value = JSON.parse(document ?? '');
    } catch {
      collector.reject(SOURCE, 'segment(s)', 'a document that is not valid JSON');
      return;
    }
    collector.segment(value, SOURCE);
  }
}
