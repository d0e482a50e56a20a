import {
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  FilterLogEventsCommand,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import { maskEvent } from '../../analysis/redact/index.ts';
import type { LogEvent } from '../../domain/log-event.ts';
import type { FetchRequest } from '../../ports/log-fetcher.ts';
import { isResourceNotFound, isThrottledOrUnavailable, throttledPhrase } from './cloudwatch-errors.ts';
import { errorText } from './error-text.ts';

/** FilterLogEvents returns at most this many events per call. */
export const FILTER_PAGE_LIMIT = 10_000;

export interface FilterPage {
  events: LogEvent[];
  /** True when FilterLogEvents returned a nextToken: the group has more in the window. */
  hasMore: boolean;
}

export interface FilterReadContext {
  /** Retries throttling and server errors itself (the SDK retry mode of the composition). */
  client: CloudWatchLogsClient;
  /** Where a group that could not be read (fully) is said. */
  notes: string[];
}

export function toLogEvent(logGroup: string, e: FilteredLogEvent): LogEvent | null {
  if (e.timestamp === undefined) return null;
  return maskEvent({
    logGroup,
    ...(e.logStreamName === undefined ? {} : { logStream: e.logStreamName }),
    timestamp: e.timestamp,
    message: e.message ?? '',
    ...(e.ingestionTime === undefined ? {} : { ingestionTime: e.ingestionTime }),
    ...(e.eventId === undefined ? {} : { eventId: e.eventId }),
  });
}

/**
 * The pages of one log group's window, following nextToken until it is absent. A missing group, a
 * group still throttled after the SDK's retries, or any other failure ends the group with a note.
 */
export async function* filterLogEventPages(
  ctx: FilterReadContext,
  logGroup: string,
  window: Pick<FetchRequest, 'startTime' | 'endTime'>,
): AsyncGenerator<FilterPage> {
  let nextToken: string | undefined;
  let read = 0;
  let withoutTimestamp = 0;
  try {
    do {
      const token = nextToken;
      let page: FilterLogEventsCommandOutput;
      try {
        page = await ctx.client.send(
          new FilterLogEventsCommand({
            logGroupName: logGroup,
            startTime: window.startTime,
            endTime: window.endTime,
            limit: FILTER_PAGE_LIMIT,
            ...(token === undefined ? {} : { nextToken: token }),
          }),
        );
      } catch (error) {
        ctx.notes.push(groupFailure(logGroup, error, read));
        return;
      }
      const events: LogEvent[] = [];
      for (const raw of page.events ?? []) {
        const event = toLogEvent(logGroup, raw);
        if (event === null) withoutTimestamp++;
        else events.push(event);
      }
      read += events.length;
      // A token equal to the one just sent would repeat the same page forever.
      nextToken = page.nextToken !== undefined && page.nextToken !== token ? page.nextToken : undefined;
      yield { events, hasMore: nextToken !== undefined };
    } while (nextToken !== undefined);
  } finally {
    if (withoutTimestamp > 0) {
      ctx.notes.push(
        `${withoutTimestamp} event(s) of log group ${logGroup} had no timestamp and were skipped.`,
      );
    }
  }
}

function groupFailure(logGroup: string, error: unknown, read: number): string {
  if (isResourceNotFound(error)) return `log group ${logGroup} was not found: skipped.`;
  const after = read > 0 ? ` after ${read.toLocaleString('en-US')} events` : '';
  if (isThrottledOrUnavailable(error)) {
    return (
      `gave up on log group ${logGroup}${after}: ${throttledPhrase(error)} ` +
      `(${errorText(error)}); the rest of its window was not read.`
    );
  }
  return `log group ${logGroup} could not be read${after} (${errorText(error)}); the rest of its window was not read.`;
}
