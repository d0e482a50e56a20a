import type { LogEvent } from '../domain/log-event.ts';

export interface FetchRequest {
  logGroups: string[];
  /** Epoch ms, inclusive. */
  startTime: number;
  /** Epoch ms, inclusive. */
  endTime: number;
}

/** What a fetch could not do or had to cut, said in the report. */
export interface FetchOutcome {
  events: number;
  bytes: number;
  /** True when a cap on events or bytes stopped the fetch before the window's end. */
  truncated: boolean;
  notes: string[];
}

/** Reads log events for a time window from a log store (CloudWatch Logs in AWS). */
export interface LogFetcher {
  /**
   * Streams the events of the window, in no guaranteed order. `outcome` is complete once the
   * iteration has ended.
   */
  fetch(request: FetchRequest): { events: AsyncIterable<LogEvent>; outcome: FetchOutcome };
  /** A store that knows its own groups (an incident folder) names them when nothing else does. */
  knownLogGroups?(): string[];
}
