import type { LogLevel, LogStyle } from '../../domain/log-event.ts';
import { isAtLeast } from './level.ts';
import { FOLD_HEADER_WINDOW_MS } from './limits.ts';
import {
  BLANK,
  CARETS,
  CAUSED_BY,
  FRAME_AT,
  GO_FATAL,
  GO_FRAME,
  GO_PANIC,
  GO_TRAILER,
  GOROUTINE,
  INDENTED,
  JAVA_EXCEPTION_HEADER,
  JS_ERROR_HEADER,
  MAX_FRAME_LINE,
  MORE_FRAMES,
  NODE_FATAL,
  NODE_GC_HEADER,
  NODE_GC_LINE,
  NODE_NATIVE_FRAME,
  NODE_UNCAUGHT_HEADER,
  NODE_VERSION_TRAILER,
  PY_CHAIN,
  PY_EXCEPTION_LINE,
  PY_FRAME,
  PY_TRACEBACK,
  SUPPRESSED,
} from './stack-lines.ts';

/** Which kind of dump the last line of a record left open, deciding what may still follow it. */
export type FoldMode =
  | 'none'
  | 'python' // inside a traceback, before its final exception line
  | 'python-after' // after the final line: a chained traceback may follow
  | 'go'
  | 'node-fatal'
  | 'node-gc'
  | 'node-uncaught';

/**
 * A line starting with a digit, `{`, `[` or `"` (a timestamp, JSON, an address) can be no header,
 * frame or trailer of any dump: every shape in stack-lines.ts starts otherwise. Such a line leaves
 * mode 'none' as it is and continues no record in mode 'none', without running the shape tests.
 */
function startsPlainly(line: string): boolean {
  const c = line.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 123 || c === 91 || c === 34;
}

function isUniversalContinuation(line: string): boolean {
  return FRAME_AT.test(line) || MORE_FRAMES.test(line) || CAUSED_BY.test(line) || SUPPRESSED.test(line);
}

const isCarets = (line: string) => line.includes('^') && CARETS.test(line);

function staysInMode(mode: FoldMode, line: string): boolean {
  if (line.length > MAX_FRAME_LINE) return false;
  switch (mode) {
    case 'python':
      return BLANK.test(line) || INDENTED.test(line) || PY_FRAME.test(line) || isCarets(line);
    case 'python-after':
      return BLANK.test(line) || PY_CHAIN.test(line) || PY_TRACEBACK.test(line);
    case 'go':
      return (
        BLANK.test(line) ||
        INDENTED.test(line) ||
        GOROUTINE.test(line) ||
        GO_FRAME.test(line) ||
        GO_TRAILER.test(line) ||
        GO_PANIC.test(line)
      );
    case 'node-fatal':
      return BLANK.test(line) || NODE_NATIVE_FRAME.test(line);
    case 'node-gc':
      return (
        BLANK.test(line) ||
        NODE_GC_LINE.test(line) ||
        NODE_GC_HEADER.test(line) ||
        NODE_NATIVE_FRAME.test(line) ||
        INDENTED.test(line)
      );
    case 'node-uncaught':
      return (
        BLANK.test(line) ||
        INDENTED.test(line) ||
        isCarets(line) ||
        JS_ERROR_HEADER.test(line) ||
        NODE_VERSION_TRAILER.test(line) ||
        /^(?:[{}]\s*$|\[\w*Error\b|Emitted 'error' event|Thrown at:)/.test(line)
      );
    case 'none':
      return false;
  }
}

/** The mode a line leaves a record in, given the mode before it. */
export function nextMode(mode: FoldMode, line: string): FoldMode {
  if (mode === 'none' && startsPlainly(line)) return 'none';
  if (PY_TRACEBACK.test(line)) return 'python';
  if (GO_PANIC.test(line) || GO_FATAL.test(line) || GOROUTINE.test(line)) return 'go';
  if (NODE_FATAL.test(line)) return 'node-fatal';
  if (NODE_GC_HEADER.test(line)) return 'node-gc';
  if (NODE_UNCAUGHT_HEADER.test(line)) return 'node-uncaught';
  if (mode === 'python') {
    if (PY_CHAIN.test(line)) return 'python-after';
    if (!staysInMode('python', line) && PY_EXCEPTION_LINE.test(line)) return 'python-after';
  }
  if (staysInMode(mode, line)) return mode;
  return isUniversalContinuation(line) ? mode : 'none';
}

const MODE_LOOKBACK = 500;

/** The mode after a run of lines; only the last 500 matter, which bounds the work on huge messages. */
export function modeAfterLines(lines: readonly string[], start: FoldMode = 'none'): FoldMode {
  let mode = lines.length > MODE_LOOKBACK ? 'none' : start;
  for (let i = Math.max(0, lines.length - MODE_LOOKBACK); i < lines.length; i++)
    mode = nextMode(mode, lines[i] ?? '');
  return mode;
}

/** What folding needs to know about the record a line might continue. */
export interface OpenRecord {
  mode: FoldMode;
  level: LogLevel;
  style: LogStyle;
  /** Events folded so far (1 = just the head). */
  events: number;
  /** Event timestamp (ms) of the last event folded in; NaN when unknown. */
  lastEventMs: number;
}

// Structured styles never print a trace as separate lines right after themselves.
const STRUCTURED: ReadonlySet<LogStyle> = new Set([
  'json',
  'access',
  'k8s-event',
  'cloudtrail',
  'aws-event',
  'logfmt',
]);

function closeInTime(open: OpenRecord, eventMs: number): boolean {
  if (!Number.isFinite(open.lastEventMs) || !Number.isFinite(eventMs)) return true;
  return Math.abs(eventMs - open.lastEventMs) <= FOLD_HEADER_WINDOW_MS;
}

/**
 * Whether an event whose first line is `line` continues `open` rather than starting a record: stack
 * frames always do; the lines of a Python traceback, Go panic or Node crash dump do while it is open; a
 * traceback or exception header does when it directly follows a WARN-or-worse text line.
 */
export function continuesRecord(open: OpenRecord, line: string, eventMs: number): boolean {
  if (open.mode === 'none' && startsPlainly(line)) return false;
  if (isUniversalContinuation(line)) return true;
  if (open.mode === 'python' && PY_EXCEPTION_LINE.test(line)) return true;
  if (open.mode !== 'none' && staysInMode(open.mode, line)) return true;
  const followsLogLine =
    open.mode === 'none' &&
    open.events === 1 &&
    isAtLeast(open.level, 'WARN') &&
    !STRUCTURED.has(open.style) &&
    closeInTime(open, eventMs);
  if (!followsLogLine) return false;
  return PY_TRACEBACK.test(line) || JAVA_EXCEPTION_HEADER.test(line) || JS_ERROR_HEADER.test(line);
}
