import type { LogEvent } from '../../domain/log-event.ts';
import type { FetchRequest } from '../../ports/log-fetcher.ts';
import { isResourceNotFound, isThrottledOrUnavailable, throttledPhrase } from './cloudwatch-errors.ts';
import { errorText } from './error-text.ts';
import { type InsightsQuerySettings, runInsightsQuery } from './insights-query.ts';
import { INSIGHTS_ROW_LIMIT, rowToLogEvent } from './insights-rows.ts';

/** StartQuery accepts at most this many log groups. */
export const INSIGHTS_MAX_GROUPS_PER_QUERY = 50;

export interface InsightsReadSettings extends InsightsQuerySettings {
  notes: string[];
  /** Length of the first time slice, in seconds. */
  initialSliceSeconds: number;
}

const iso = (sec: number) => new Date(sec * 1000).toISOString();
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The window's events read with Logs Insights, one page per time slice. Groups are queried 50 at a
 * time. Each slice must stay under the 10,000-row limit: a slice whose result reaches it is halved
 * and queried again (its rows discarded), and after a slice with under a quarter of the limit the
 * next slice is twice as long. A failed, timed-out or throttled query ends its batch of groups with
 * a note saying which part of the window was not read.
 */
export async function* insightsEventPages(
  settings: InsightsReadSettings,
  logGroups: string[],
  window: Pick<FetchRequest, 'startTime' | 'endTime'>,
): AsyncGenerator<LogEvent[]> {
  const batches: string[][] = [];
  for (let i = 0; i < logGroups.length; i += INSIGHTS_MAX_GROUPS_PER_QUERY) {
    batches.push(logGroups.slice(i, i + INSIGHTS_MAX_GROUPS_PER_QUERY));
  }
  for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
    const ended = yield* readBatch(settings, batch, window);
    // One missing group fails the whole query, and the error does not reliably name it: query each alone.
    if (ended === 'missing-group') batches.unshift(...batch.map((group) => [group]));
  }
}

async function* readBatch(
  settings: InsightsReadSettings,
  batch: string[],
  window: Pick<FetchRequest, 'startTime' | 'endTime'>,
): AsyncGenerator<LogEvent[], 'done' | 'missing-group'> {
  const { notes } = settings;
  const names = batch.join(', ');
  const endSec = Math.floor(window.endTime / 1000);
  let cursor = Math.floor(window.startTime / 1000);
  let size = Math.max(1, Math.floor(settings.initialSliceSeconds));
  let readAny = false;
  let unreadable = 0;
  const notRead = (from: number) => `${iso(from)} to ${iso(endSec + 1)} was not read`;
  try {
    while (cursor <= endSec) {
      const sliceEnd = Math.min(endSec, cursor + size - 1);
      let result: Awaited<ReturnType<typeof runInsightsQuery>>;
      try {
        result = await runInsightsQuery(settings, { logGroups: batch, startSec: cursor, endSec: sliceEnd });
      } catch (error) {
        if (isResourceNotFound(error) && batch.length > 1 && !readAny) return 'missing-group';
        notes.push(insightsFailure(batch, error, notRead(cursor)));
        return 'done';
      }
      if (result.status === 'GaveUp') {
        notes.push(
          `Logs Insights query on ${names} did not finish within ${settings.timeoutMs / 1000} s and was stopped: ` +
            `${notRead(cursor)}.`,
        );
        return 'done';
      }
      if (result.status !== 'Complete') {
        notes.push(`Logs Insights query on ${names} ended with status ${result.status}: ${notRead(cursor)}.`);
        return 'done';
      }
      const span = sliceEnd - cursor + 1;
      if (result.rows.length >= INSIGHTS_ROW_LIMIT && span > 1) {
        size = Math.ceil(span / 2);
        continue;
      }
      if (result.rows.length >= INSIGHTS_ROW_LIMIT) {
        notes.push(
          `${names} logged more than ${count(INSIGHTS_ROW_LIMIT)} events in the second at ${iso(cursor)}: ` +
            `only the first ${count(INSIGHTS_ROW_LIMIT)} were read.`,
        );
      }
      const events: LogEvent[] = [];
      for (const row of result.rows) {
        const event = rowToLogEvent(row, batch.length === 1 ? batch[0] : undefined);
        if (event === null) unreadable++;
        // Slices are whole seconds; the window is in milliseconds.
        else if (event.timestamp >= window.startTime && event.timestamp <= window.endTime) events.push(event);
      }
      readAny = true;
      yield events;
      cursor = sliceEnd + 1;
      if (result.rows.length < INSIGHTS_ROW_LIMIT / 4) size *= 2;
    }
    return 'done';
  } finally {
    if (unreadable > 0) {
      notes.push(
        `${unreadable} Logs Insights row(s) from ${names} had no readable @timestamp or @log: skipped.`,
      );
    }
  }
}

function insightsFailure(batch: string[], error: unknown, notRead: string): string {
  if (isResourceNotFound(error)) {
    return batch.length === 1
      ? `log group ${batch[0]} was not found: skipped.`
      : `a log group among ${batch.join(', ')} was no longer found: ${notRead}.`;
  }
  if (isThrottledOrUnavailable(error)) {
    return (
      `gave up on the Logs Insights query on ${batch.join(', ')}: ${throttledPhrase(error)} ` +
      `(${errorText(error)}); ${notRead}.`
    );
  }
  return `Logs Insights query on ${batch.join(', ')} failed (${errorText(error)}): ${notRead}.`;
}
