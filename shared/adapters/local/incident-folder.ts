import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { maskEvent, redactDeep } from '../../analysis/redact/index.ts';
import { InputError } from '../../domain/errors.ts';
import type { LogEvent } from '../../domain/log-event.ts';
import { type ByteRange, readLines } from './line-reader.ts';

/** An incident folder as read: the alarm event and the log events around it. */
export interface IncidentInput {
  /** The EventBridge alarm event as read (validated by the analysis). */
  alarmEvent: unknown;
  /** The log events, read lazily while they are consumed. */
  events: Iterable<LogEvent>;
  /** What could not be used (malformed lines), complete once `events` has been iterated to the end. */
  notes: string[];
}

/** A problem with the folder itself (no alarm.json, unreadable): the analysis cannot start. */
export class IncidentFolderError extends InputError {}

/**
 * Reads an incident folder (CONTRACT.md §1): `alarm.json` and `logs.jsonl`, one CloudWatch Logs
 * event per line. Lines that are not usable events are counted by reason and reported, never
 * silently dropped; a message that is not a string is kept as its JSON text.
 */
export class IncidentFolderSource {
  constructor(private readonly dir: string) {}

  /**
   * The folder, its events read lazily. With `keep`, only the events it keeps are masked and
   * given (a fetch of some groups): every line is still read and counted, so the notes are those of
   * the whole file whatever is kept.
   */
  load(keep?: (event: LogEvent) => boolean): IncidentInput {
    if (!existsSync(this.dir) || !statSync(this.dir).isDirectory()) {
      throw new IncidentFolderError(`${this.dir} is not an incident folder (no such directory)`);
    }
    const alarmPath = join(this.dir, 'alarm.json');
    if (!existsSync(alarmPath) || !statSync(alarmPath).isFile()) {
      throw new IncidentFolderError(`${this.dir} has no alarm.json`);
    }
    let alarmEvent: unknown;
    try {
      // Masked at the door like the events: its reason and description are free text.
      alarmEvent = redactDeep(JSON.parse(readFileSync(alarmPath, 'utf8')) as unknown).value;
    } catch (e) {
      throw new IncidentFolderError(`${alarmPath} is not valid JSON: ${(e as Error).message}`);
    }
    const logsPath = join(this.dir, 'logs.jsonl');
    const notes: string[] = [];
    if (!existsSync(logsPath)) {
      notes.push(NO_LOGS_NOTE);
      return { alarmEvent, events: [], notes };
    }
    if (!statSync(logsPath).isFile()) {
      throw new IncidentFolderError(
        `${logsPath} is not a file (a directory?): it should hold one event per line`,
      );
    }
    return { alarmEvent, events: readEvents(logsPath, notes, keep), notes };
  }
}

function* readEvents(
  path: string,
  notes: string[],
  keep?: (event: LogEvent) => boolean,
): Generator<LogEvent> {
  const rejected = new Map<string, number>();
  const tally: LineTally = {
    lines: 0,
    coerced: 0,
    reject: (reason) => rejected.set(reason, (rejected.get(reason) ?? 0) + 1),
  };
  try {
    yield* eventsOfLines(path, tally, keep);
  } finally {
    notes.push(...readNotes(tally.lines, rejected, tally.coerced));
  }
}

/** What the read of part of logs.jsonl counted: the reads of a file's ranges merge into its notes. */
export interface RangeTally {
  lines: number;
  coerced: number;
  /** Rejected lines by reason, first seen first. */
  rejected: [string, number][];
}

/**
 * The events of the lines in `range` of a logs.jsonl file (bytes on line starts, see lineRanges),
 * read lazily and masked as `load` reads them; `tally` is complete once they are all read.
 */
export function* rangeEvents(
  path: string,
  range: ByteRange,
  keep: (event: LogEvent) => boolean,
  tally: RangeTally,
): Generator<LogEvent> {
  const rejected = new Map<string, number>();
  const lineTally: LineTally = {
    lines: 0,
    coerced: 0,
    reject: (reason) => rejected.set(reason, (rejected.get(reason) ?? 0) + 1),
  };
  try {
    yield* eventsOfLines(path, lineTally, keep, range);
  } finally {
    tally.lines = lineTally.lines;
    tally.coerced = lineTally.coerced;
    tally.rejected = [...rejected];
  }
}

/** The notes of a whole logs.jsonl read in ranges: the ranges' tallies in file order, merged. */
export function rangeNotes(tallies: readonly RangeTally[]): string[] {
  const rejected = new Map<string, number>();
  for (const tally of tallies) {
    for (const [reason, count] of tally.rejected) rejected.set(reason, (rejected.get(reason) ?? 0) + count);
  }
  const sum = (pick: (t: RangeTally) => number) => tallies.reduce((n, t) => n + pick(t), 0);
  return readNotes(
    sum((t) => t.lines),
    rejected,
    sum((t) => t.coerced),
  );
}

/** What a read of logs.jsonl counts as it goes: lines, coerced messages, rejected lines by reason. */
interface LineTally {
  lines: number;
  coerced: number;
  reject(reason: string): void;
}

/**
 * The events of a logs.jsonl file, read lazily and masked, every line counted in `tally`. Events
 * `keep` refuses are counted as read but neither masked (the costly part) nor given.
 */
function* eventsOfLines(
  path: string,
  tally: LineTally,
  keep: (event: LogEvent) => boolean = () => true,
  range?: ByteRange,
): Generator<LogEvent> {
  for (const line of readLines(path, undefined, range)) {
    tally.lines++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      tally.reject('not valid JSON');
      continue;
    }
    const event = toEvent(value, tally.reject);
    if (!event) continue;
    if (event.coerced) tally.coerced++;
    if (keep(event.event)) yield maskEvent(event.event);
  }
}

const NO_LOGS_NOTE = 'The folder has no logs.jsonl: there are no log lines to analyze.';

/** What one read of logs.jsonl says: an empty file, lines rejected by reason (first seen first), coerced messages. */
function readNotes(lines: number, rejected: ReadonlyMap<string, number>, coerced: number): string[] {
  const notes: string[] = [];
  if (lines === 0) notes.push('logs.jsonl is empty: there are no log lines to analyze.');
  for (const [reason, count] of rejected) notes.push(`${count} line(s) of logs.jsonl rejected: ${reason}.`);
  if (coerced > 0) notes.push(`${coerced} event(s) had a non-text message, kept as its JSON text.`);
  return notes;
}

/** One parsed line of logs.jsonl as an event (not yet masked), or null (the reason given to `reject`). */
function toEvent(
  value: unknown,
  reject: (reason: string) => void,
): { event: LogEvent; coerced: boolean } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reject('not a JSON object');
    return null;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.logGroup !== 'string' || v.logGroup === '') {
    reject('no logGroup');
    return null;
  }
  const timestamp =
    typeof v.timestamp === 'string' && v.timestamp.trim() !== '' ? Number(v.timestamp) : v.timestamp;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    reject('no numeric timestamp');
    return null;
  }
  if (v.message === undefined || v.message === null) {
    reject('no message');
    return null;
  }
  const coerced = typeof v.message !== 'string';
  let message: string;
  try {
    message = coerced ? JSON.stringify(v.message) : (v.message as string);
  } catch {
    // JSON.parse reads any depth; writing the object back recurses, and thousands of levels overflow.
    reject('message nested too deeply to read');
    return null;
  }
  const event: LogEvent = { logGroup: v.logGroup, timestamp, message };
  if (typeof v.logStream === 'string') event.logStream = v.logStream;
  if (typeof v.eventId === 'string') event.eventId = v.eventId;
  return { event, coerced };
}
