import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { maskEvent, redactDeep } from '../../analysis/redact/index.ts';
import { InputError } from '../../domain/errors.ts';
import type { LogEvent } from '../../domain/log-event.ts';
import { readLines } from './line-reader.ts';

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

/**
 * Whether one of several readers of the whole logs.jsonl takes a parsed line: its event, or null
 * when it is no event (rejected). Each line is taken by exactly one of them (`ownedEvents`).
 */
export type LineOwner = (event: LogEvent | null) => boolean;

/** What one reader of logs.jsonl counted: the tallies of the readers of a file merge into its notes. */
export interface ReadTally {
  /** Every line of the file (each reader reads them all). */
  lines: number;
  /** Its own events whose message was not text. */
  coerced: number;
  /** Its own rejected lines by reason: the count and the first line's index. */
  rejected: [reason: string, count: number, firstLine: number][];
}

/**
 * The events of the lines of a logs.jsonl file that `owner` takes, read lazily and masked as
 * `load` reads them (the other lines are parsed, to know their owner, but not masked);
 * `tally` is complete once they are all read.
 */
export function* ownedEvents(
  path: string,
  keep: (event: LogEvent) => boolean,
  owner: LineOwner,
  tally: ReadTally,
): Generator<LogEvent> {
  const rejected = new Map<string, [string, number, number]>();
  const lineTally: LineTally = {
    lines: 0,
    coerced: 0,
    reject: (reason) => {
      const known = rejected.get(reason);
      if (known) known[1]++;
      else rejected.set(reason, [reason, 1, lineTally.lines - 1]);
    },
  };
  try {
    yield* eventsOfLines(path, lineTally, keep, owner);
  } finally {
    tally.lines = lineTally.lines;
    tally.coerced = lineTally.coerced;
    tally.rejected = [...rejected.values()];
  }
}

/** The notes of one logs.jsonl read by several owners: what one read of the whole file says. */
export function ownedNotes(tallies: readonly ReadTally[]): string[] {
  const rejected = tallies
    .flatMap((t) => t.rejected)
    .sort((a, b) => a[2] - b[2])
    .reduce(
      (byReason, [reason, count]) => byReason.set(reason, (byReason.get(reason) ?? 0) + count),
      new Map<string, number>(),
    );
  return readNotes(
    tallies[0]?.lines ?? 0,
    rejected,
    tallies.reduce((n, t) => n + t.coerced, 0),
  );
}

/** What a read of logs.jsonl counts as it goes: lines, coerced messages, rejected lines by reason. */
interface LineTally {
  lines: number;
  coerced: number;
  reject(reason: string): void;
}

/** Every line is this reader's. */
const ALL_LINES: LineOwner = () => true;

/**
 * The events of a logs.jsonl file, read lazily and masked, every line counted in `tally`. Events
 * `keep` refuses are counted as read but neither masked (the costly part) nor given; lines `owner`
 * leaves to another reader are counted only.
 */
function* eventsOfLines(
  path: string,
  tally: LineTally,
  keep: (event: LogEvent) => boolean = () => true,
  owner: LineOwner = ALL_LINES,
): Generator<LogEvent> {
  let reason = '';
  const held = (r: string) => {
    reason = r;
  };
  for (const line of readLines(path)) {
    tally.lines++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (owner(null)) tally.reject('not valid JSON');
      continue;
    }
    const event = toEvent(value, held);
    if (!owner(event?.event ?? null)) continue;
    if (!event) {
      tally.reject(reason);
      continue;
    }
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
