import type { LogLevel, LogStyle } from '../../domain/log-event.ts';
import type { LeadingTimestamp } from './timestamp.ts';

/** What a style recogniser reads from one event's first line (and, for JSON, the whole message). */
export interface LineContext {
  /** The whole message, unmodified. */
  message: string;
  /** The first line without ANSI colour codes or a trailing CR, at full length. */
  line: string;
  /** The first HEAD_LIMIT characters of `line`: all that prefix regexes look at. */
  head: string;
  /** A timestamp at the start of `line`, when there is one. */
  leading: LeadingTimestamp | undefined;
  /** The event timestamp; NaN when the event's is missing or not finite. */
  eventMs: number;
  logGroup: string;
  groupService: string;
}

/** A recognised line. Unset values fall back to the event timestamp, a level word, the log group's service. */
export interface StyleMatch {
  style: LogStyle;
  at?: number | undefined;
  level?: LogLevel | undefined;
  service?: string | undefined;
  /**
   * A name the line gives the part of its emitter that wrote it (a logger, a bracketed module):
   * the service only in a log group that several services share (`sharedLogGroup`), since within
   * one service's group such names are its components.
   */
  component?: string | undefined;
  /** Where the body starts in `line`; used when `message` is not given. */
  bodyStart?: number;
  message?: string;
  fields?: Record<string, unknown>;
  statusCode?: number | undefined;
  exception?: string | undefined;
  /** Recognised but not usable (invalid JSON, only a timestamp): the record is kept with this note. */
  unparsedNote?: string;
}

export type StyleRecogniser = (ctx: LineContext) => StyleMatch | undefined;
