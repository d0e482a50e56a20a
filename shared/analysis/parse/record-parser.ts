import type { LogEvent, LogLevel, LogRecord } from '../../domain/log-event.ts';
import { MAX_FOLD_CHARS, MAX_FOLD_EVENTS } from './limits.ts';
import { continuesRecord, type FoldMode, modeAfterLines } from './multiline.ts';
import { finishRecord, parseHead } from './parse-event.ts';
import { toSafeEvent } from './safe-event.ts';
import { POSTGRES_FOLLOWERS } from './styles/postgres.ts';
import { splitLines, stripAnsi } from './text.ts';

export interface RecordParserStats {
  events: number;
  records: number;
  unparsed: number;
}

export interface RecordParser {
  /** Parses one event; returns the records it completed (the previous record of its stream, if any). */
  push(event: LogEvent): LogRecord[];
  /** Completes every open record. Afterwards `stats.events` equals the sum of `lineCount` over all records. */
  flush(): LogRecord[];
  readonly stats: RecordParserStats;
}

interface OpenRecord {
  record: LogRecord;
  lines: string[];
  events: number;
  chars: number;
  mode: FoldMode;
  lastEventMs: number;
}

interface StreamState {
  open: OpenRecord | undefined;
  /** The last PostgreSQL line with a real severity, whose level DETAIL/HINT/STATEMENT lines take. */
  postgres: { level: LogLevel; pid: unknown } | undefined;
}

function inheritPostgresLevel(state: StreamState, record: LogRecord): void {
  if (record.style !== 'postgres') return;
  const severity = record.fields?.severity;
  const pid = record.fields?.pid;
  if (typeof severity === 'string' && POSTGRES_FOLLOWERS.has(severity)) {
    const previous = state.postgres;
    if (previous && (previous.pid === undefined || pid === undefined || previous.pid === pid)) {
      record.level = previous.level;
    }
  } else {
    state.postgres = { level: record.level, pid };
  }
}

/**
 * A streaming parser that folds continuation events (stack frames, tracebacks, panic dumps) into the
 * previous record of the same log group and stream. Records of a stream come out in order, once the
 * next event of that stream shows they are complete; `flush()` completes the rest.
 */
export function createRecordParser(): RecordParser {
  // By log group, then log stream: events of the same group and stream fold together, nothing else does.
  const groups = new Map<string, Map<string | undefined, StreamState>>();
  // The streams in the order they first appeared: flush completes their records in that order.
  const order: StreamState[] = [];
  const stats: RecordParserStats = { events: 0, records: 0, unparsed: 0 };

  const close = (open: OpenRecord): LogRecord => {
    const record = finishRecord(open.record, open.lines, open.events);
    stats.records++;
    if (!record.parsed) stats.unparsed++;
    return record;
  };

  const push = (event: LogEvent): LogRecord[] => {
    stats.events++;
    const safe = toSafeEvent(event);
    let streams = groups.get(safe.logGroup);
    if (!streams) {
      streams = new Map();
      groups.set(safe.logGroup, streams);
    }
    let state = streams.get(safe.logStream);
    if (!state) {
      state = { open: undefined, postgres: undefined };
      streams.set(safe.logStream, state);
      order.push(state);
    }
    const lines = splitLines(safe.message);
    const open = state.open;
    if (
      open &&
      open.events < MAX_FOLD_EVENTS &&
      open.chars + safe.message.length <= MAX_FOLD_CHARS &&
      continuesRecord(
        {
          mode: open.mode,
          level: open.record.level,
          style: open.record.style,
          events: open.events,
          lastEventMs: open.lastEventMs,
        },
        stripAnsi(lines[0] ?? ''),
        safe.eventMs,
      )
    ) {
      for (const line of lines) open.lines.push(line);
      open.events++;
      open.chars += safe.message.length + 1;
      open.mode = modeAfterLines(lines, open.mode);
      if (Number.isFinite(safe.eventMs)) open.lastEventMs = safe.eventMs;
      return [];
    }
    const completed = open ? [close(open)] : [];
    const record = parseHead(safe);
    inheritPostgresLevel(state, record);
    state.open = {
      record,
      lines,
      events: 1,
      chars: safe.message.length,
      mode: modeAfterLines(lines),
      lastEventMs: safe.eventMs,
    };
    return completed;
  };

  const flush = (): LogRecord[] => {
    const completed: LogRecord[] = [];
    for (const state of order) {
      if (state.open) completed.push(close(state.open));
      state.open = undefined;
    }
    return completed;
  };

  return { push, flush, stats };
}
