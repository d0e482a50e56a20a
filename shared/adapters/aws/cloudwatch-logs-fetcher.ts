import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent } from '../../domain/log-event.ts';
import type { FetchOutcome, FetchRequest, LogFetcher } from '../../ports/log-fetcher.ts';
import { EventBudget } from './cloudwatch-event-budget.ts';
import { type FilterPage, filterLogEventPages } from './cloudwatch-filter-events.ts';
import { insightsEventPages } from './insights-event-pages.ts';
import type { InsightsQuerySettings } from './insights-query.ts';
import { INSIGHTS_ROW_LIMIT } from './insights-rows.ts';

export { createCloudWatchLogsClient } from './cloudwatch-logs-client.ts';

export interface CloudWatchLogsFetcherOptions {
  /** Retries throttling and server errors itself: the SDK retry mode, set once in the composition. */
  client: CloudWatchLogsClient;
  /** Default 1,000,000. */
  maxEvents?: number;
  /** Message bytes (UTF-8); default 256 MiB. */
  maxBytes?: number;
  /** When set, a group whose first page projects more events than this over the window is read with Insights. */
  insightsThresholdEvents?: number;
  /** More log groups than this are read with Insights (up to 50 per query); default 10. */
  insightsGroupThreshold?: number;
  /** The first Insights time slice when the volume is unknown; default 5 minutes. */
  insightsSliceMs?: number;
  /** Waits between polls of an Insights query. */
  sleep?: (ms: number) => Promise<void>;
  /** Default 1 s. */
  pollIntervalMs?: number;
  /** How long one Insights query may run before it is stopped; default 60 s. */
  insightsTimeoutMs?: number;
  clock?: () => number;
}

export const DEFAULT_MAX_EVENTS = 1_000_000;
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
export const DEFAULT_INSIGHTS_GROUP_THRESHOLD = 10;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Reads a window of CloudWatch Logs. The read path is chosen simply:
 * - more than `insightsGroupThreshold` groups: Logs Insights for all of them (one query covers 50
 *   groups, where FilterLogEvents needs calls per group);
 * - otherwise FilterLogEvents per group, paging with nextToken. When `insightsThresholdEvents` is set,
 *   the group's first page with events is used to project the window's volume (events per
 *   millisecond covered so far, times the window); above the threshold that page is dropped and the
 *   group is read with Insights instead.
 * Missing groups, throttling that outlasts the SDK's retries and Insights timeouts degrade the fetch with a
 * note; the caps on events and bytes end it with `truncated`.
 */
export class CloudWatchLogsFetcher implements LogFetcher {
  private readonly client: CloudWatchLogsClient;
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly insightsThresholdEvents: number | undefined;
  private readonly insightsGroupThreshold: number;
  private readonly insightsSliceMs: number;
  private readonly insights: Omit<InsightsQuerySettings, 'client'>;

  constructor(options: CloudWatchLogsFetcherOptions) {
    this.client = options.client;
    this.maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.insightsThresholdEvents = options.insightsThresholdEvents;
    this.insightsGroupThreshold = options.insightsGroupThreshold ?? DEFAULT_INSIGHTS_GROUP_THRESHOLD;
    this.insightsSliceMs = options.insightsSliceMs ?? 5 * 60_000;
    this.insights = {
      sleep: options.sleep ?? realSleep,
      clock: options.clock ?? Date.now,
      pollIntervalMs: options.pollIntervalMs ?? 1_000,
      timeoutMs: options.insightsTimeoutMs ?? 60_000,
    };
  }

  fetch(request: FetchRequest): { events: AsyncIterable<LogEvent>; outcome: FetchOutcome } {
    const outcome: FetchOutcome = { events: 0, bytes: 0, truncated: false, notes: [] };
    return { events: this.read(request, outcome, 'auto'), outcome };
  }

  /** Reads the window with Logs Insights whatever its volume. */
  fetchWithInsights(request: FetchRequest): { events: AsyncIterable<LogEvent>; outcome: FetchOutcome } {
    const outcome: FetchOutcome = { events: 0, bytes: 0, truncated: false, notes: [] };
    return { events: this.read(request, outcome, 'insights'), outcome };
  }

  private async *read(
    request: FetchRequest,
    outcome: FetchOutcome,
    mode: 'auto' | 'insights',
  ): AsyncGenerator<LogEvent> {
    const budget = new EventBudget(outcome, this.maxEvents, this.maxBytes);
    const groups = [...new Set(request.logGroups)];
    if (groups.length === 0) {
      outcome.notes.push('no log groups to read.');
      return;
    }
    if (request.endTime < request.startTime) {
      outcome.notes.push('the time window is empty (it ends before it starts): nothing was read.');
      return;
    }
    if (mode === 'insights') {
      yield* admitted(this.insightsPages(groups, request, outcome.notes), budget);
      return;
    }
    if (groups.length > this.insightsGroupThreshold) {
      outcome.notes.push(
        `read ${groups.length} log groups with Logs Insights (more than ${this.insightsGroupThreshold} groups).`,
      );
      yield* admitted(this.insightsPages(groups, request, outcome.notes), budget);
      return;
    }
    for (const group of groups) {
      yield* this.readGroup(group, request, outcome.notes, budget);
      if (budget.exhausted) return;
    }
  }

  private async *readGroup(
    group: string,
    request: FetchRequest,
    notes: string[],
    budget: EventBudget,
  ): AsyncGenerator<LogEvent> {
    const threshold = this.insightsThresholdEvents;
    let decided = threshold === undefined;
    let projected: number | undefined;
    const pages = filterLogEventPages({ client: this.client, notes }, group, request);
    for await (const page of pages) {
      if (!decided && page.events.length > 0) {
        decided = true;
        const estimate = projectedEvents(page, request);
        if (threshold !== undefined && page.hasMore && estimate > threshold) {
          projected = estimate;
          break;
        }
      }
      for (const event of page.events) {
        if (!budget.admit(event)) return;
        yield event;
      }
    }
    if (projected === undefined) return;
    notes.push(
      `read log group ${group} with Logs Insights: its first page projects about ${count(projected)} events ` +
        `in the window (threshold ${count(threshold ?? 0)}).`,
    );
    yield* admitted(this.insightsPages([group], request, notes, projected), budget);
  }

  private insightsPages(
    groups: string[],
    request: FetchRequest,
    notes: string[],
    expectedEvents?: number,
  ): AsyncGenerator<LogEvent[]> {
    const windowSec = Math.floor(request.endTime / 1000) - Math.floor(request.startTime / 1000) + 1;
    // Aim a slice at 80% of the row limit when the volume is known, so that few slices are halved.
    const initialSliceSeconds =
      expectedEvents === undefined
        ? Math.min(windowSec, Math.ceil(this.insightsSliceMs / 1000))
        : Math.min(windowSec, Math.floor((windowSec * INSIGHTS_ROW_LIMIT * 0.8) / expectedEvents));
    return insightsEventPages(
      { ...this.insights, client: this.client, notes, initialSliceSeconds: Math.max(1, initialSliceSeconds) },
      groups,
      request,
    );
  }
}

async function* admitted(pages: AsyncIterable<LogEvent[]>, budget: EventBudget): AsyncGenerator<LogEvent> {
  for await (const page of pages) {
    for (const event of page) {
      if (!budget.admit(event)) return;
      yield event;
    }
  }
}

/** The window's event count projected from a first page: its rate over the span it covers. */
export function projectedEvents(
  page: FilterPage,
  window: Pick<FetchRequest, 'startTime' | 'endTime'>,
): number {
  let last = window.startTime;
  for (const event of page.events) if (event.timestamp > last) last = event.timestamp;
  const covered = Math.max(1, last - window.startTime + 1);
  const windowMs = window.endTime - window.startTime + 1;
  return Math.round((page.events.length * windowMs) / covered);
}
