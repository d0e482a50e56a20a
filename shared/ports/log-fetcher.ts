import type { LogEvent } from '../domain/log-event.ts';

/**
 * The events of some log groups in a time range: every millisecond from `startTime` to `endTime`,
 * both inclusive (what FilterLogEvents reads), so ranges `[a, b - 1]` and `[b, c]` are contiguous
 * and share no event; a store holding fractional timestamps counts `t` in when
 * `startTime <= t < endTime + 1`.
 */
export interface FetchRequest {
  logGroups: string[];
  /** Epoch ms, inclusive. */
  startTime: number;
  /** Epoch ms, inclusive. */
  endTime: number;
  /**
   * The range opens (closes) the analysis window. A live store (CloudWatch Logs) ignores these and
   * reads the range; a store holding only the incident's own lines (an incident folder) returns on
   * an open edge the lines beyond it too, so that, over the slices of a window, each of its lines is
   * read exactly once, as the direct analysis reads them (which places them outside its windows).
   */
  openStart?: boolean;
  openEnd?: boolean;
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
