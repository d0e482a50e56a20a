import type { LogEvent, LogRecord, LogStyle } from '../../domain/log-event.ts';
import { statusFromText } from './http-status.ts';
import { describeJunk } from './junk.ts';
import { findLevelWord, maxLevel } from './level.ts';
import { HEAD_LIMIT, MESSAGE_LIMIT, TIMESTAMP_SANITY_MS } from './limits.ts';
import { recognise } from './recognise.ts';
import { type SafeEvent, toSafeEvent } from './safe-event.ts';
import { serviceFromLogGroup, sharedLogGroup } from './service.ts';
import { summariseStack } from './stack.ts';
import type { StyleMatch } from './style-match.ts';
import { firstLineOf, splitLines } from './text.ts';

// Structured records carry their own exception fields; their extra lines are not stack traces.
const STRUCTURED: ReadonlySet<LogStyle> = new Set([
  'json',
  'cloudtrail',
  'aws-event',
  'k8s-event',
  'access',
  'logfmt',
]);

function resolveTime(
  messageAt: number | undefined,
  eventMs: number,
): Pick<LogRecord, 'at' | 'timestampSource'> & {
  note?: string;
} {
  const fromMessage =
    messageAt !== undefined && Number.isFinite(messageAt) ? Math.floor(messageAt) : undefined;
  if (Number.isFinite(eventMs)) {
    if (fromMessage !== undefined && Math.abs(fromMessage - eventMs) <= TIMESTAMP_SANITY_MS) {
      // A time written to the second (an access log's `[14/Jul/2026:16:37:55 +0000]`) and an event
      // time within that second are one instant: the event's milliseconds keep the order of lines
      // that other emitters wrote in the same second.
      const sameSecond = fromMessage % 1000 === 0 && eventMs >= fromMessage && eventMs < fromMessage + 1000;
      return sameSecond
        ? { at: Math.floor(eventMs), timestampSource: 'event' }
        : { at: fromMessage, timestampSource: 'message' };
    }
    return { at: Math.floor(eventMs), timestampSource: 'event' };
  }
  if (fromMessage !== undefined && fromMessage > 0) return { at: fromMessage, timestampSource: 'message' };
  return { at: 0, timestampSource: 'event', note: 'event timestamp missing or not finite' };
}

function unparsedRecord(
  event: SafeEvent,
  note: string,
  level = findLevelWord(firstLineOf(event.message).slice(0, HEAD_LIMIT)),
) {
  return buildRecord(event, { style: 'raw', level, unparsedNote: note }, firstLineOf(event.message).trim());
}

function buildRecord(event: SafeEvent, match: StyleMatch, message: string): LogRecord {
  const time = resolveTime(match.at, event.eventMs);
  const styleNote = match.style === 'raw' ? (match.unparsedNote ?? 'no known log style') : match.unparsedNote;
  const parseNote =
    styleNote !== undefined && time.note !== undefined
      ? `${styleNote}; ${time.note}`
      : (styleNote ?? time.note);
  const head = message.length > HEAD_LIMIT ? message.slice(0, HEAD_LIMIT) : message;
  let level = match.level ?? findLevelWord(head) ?? 'UNKNOWN';
  if (match.style !== 'cloudtrail' && head.includes('JavaScript heap out of memory')) {
    level = maxLevel(level, 'FATAL');
  }
  const statusCode = match.statusCode ?? (STRUCTURED.has(match.style) ? undefined : statusFromText(head));
  const component = match.component?.trim();
  const service =
    match.service?.trim() ||
    (component && sharedLogGroup(event.logGroup) ? component : undefined) ||
    serviceFromLogGroup(event.logGroup);
  const record: LogRecord = {
    at: time.at,
    timestampSource: time.timestampSource,
    level,
    service,
    logGroup: event.logGroup,
    message: message.slice(0, MESSAGE_LIMIT),
    raw: '',
    style: match.style,
    parsed: match.style !== 'raw' && match.unparsedNote === undefined,
    lineCount: 1,
  };
  if (event.logStream !== undefined) record.logStream = event.logStream;
  if (parseNote !== undefined && parseNote.length > 0) record.parseNote = parseNote;
  if (match.fields !== undefined) record.fields = match.fields;
  if (statusCode !== undefined) record.statusCode = statusCode;
  if (match.exception !== undefined) record.exception = match.exception;
  return record;
}

/** The record for an event's own content, before any later events are folded into it. */
export function parseHead(event: SafeEvent): LogRecord {
  try {
    if (event.message.trim().length === 0) return unparsedRecord(event, 'empty message', 'UNKNOWN');
    const junk = describeJunk(event.message);
    if (junk !== undefined) return unparsedRecord(event, junk, 'UNKNOWN');
    const { match, message } = recognise(event);
    return buildRecord(event, match, message);
  } catch (error) {
    // Defence in depth: a parser bug must cost one line's detail, never the whole analysis.
    return unparsedRecord(event, `parser error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Completes a record from all its lines: raw text, event count, and what a folded stack trace says. */
export function finishRecord(record: LogRecord, lines: readonly string[], events: number): LogRecord {
  record.raw = lines.length === 1 ? (lines[0] as string) : lines.join('\n');
  record.lineCount = events;
  if (lines.length > 1 && !STRUCTURED.has(record.style)) {
    const summary = summariseStack(lines);
    const exception = summary.exception ?? record.exception;
    if (exception !== undefined) record.exception = exception;
    if (summary.level === 'FATAL') record.level = maxLevel(record.level, 'FATAL');
    else if (summary.level === 'ERROR' && record.level === 'UNKNOWN') record.level = 'ERROR';
  }
  return record;
}

/** One CloudWatch Logs event to one record. Never throws; a message spanning lines stays one record. */
export function parseEvent(event: LogEvent): LogRecord {
  const safe = toSafeEvent(event);
  return finishRecord(parseHead(safe), splitLines(safe.message), 1);
}
