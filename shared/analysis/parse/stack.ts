import type { LogLevel } from '../../domain/log-event.ts';
import {
  CAUSED_BY,
  FRAME_AT,
  GO_FATAL,
  GO_PANIC,
  GOROUTINE,
  INDENTED,
  JAVA_EXCEPTION_HEADER,
  JS_ERROR_HEADER,
  NODE_FATAL,
  PY_CHAIN,
  PY_EXCEPTION_LINE,
  PY_TRACEBACK,
} from './stack-lines.ts';

const MAX_SCANNED_LINES = 5000;
const MAX_EXCEPTION_LENGTH = 500;

export interface StackSummary {
  /** The line that names the failure: a Java root cause, Python's final line, a Go panic, a JS error. */
  exception?: string;
  /** The level a crash of this kind implies (FATAL for panics and heap exhaustion, ERROR for traces). */
  level?: LogLevel;
}

/** What the lines of a stack trace or crash dump say failed. Looks at no more than 5000 lines. */
export function summariseStack(lines: readonly string[]): StackSummary {
  let causedBy: string | undefined;
  let header: string | undefined;
  let pythonFinal: string | undefined;
  let inTraceback = false;
  let fatal: string | undefined;
  let frames = false;
  let goroutine = false;
  let heapOutOfMemory = false;
  const count = Math.min(lines.length, MAX_SCANNED_LINES);
  for (let i = 0; i < count; i++) {
    const line = lines[i] ?? '';
    if (PY_TRACEBACK.test(line)) {
      inTraceback = true;
    } else if (inTraceback && !INDENTED.test(line) && !PY_CHAIN.test(line) && PY_EXCEPTION_LINE.test(line)) {
      pythonFinal = line;
      inTraceback = false;
    } else if (FRAME_AT.test(line)) {
      frames = true;
    } else if (CAUSED_BY.test(line)) {
      causedBy = line.replace(CAUSED_BY, '');
    } else if (fatal === undefined && (GO_PANIC.test(line) || GO_FATAL.test(line) || NODE_FATAL.test(line))) {
      fatal = line;
    } else if (GOROUTINE.test(line)) {
      goroutine = true;
    } else if (header === undefined && (JAVA_EXCEPTION_HEADER.test(line) || JS_ERROR_HEADER.test(line))) {
      header = line.trim();
    }
    if (line.includes('JavaScript heap out of memory')) heapOutOfMemory = true;
  }
  const summary: StackSummary = {};
  const exception = fatal ?? pythonFinal ?? causedBy ?? (frames ? header : undefined);
  if (exception !== undefined) summary.exception = exception.slice(0, MAX_EXCEPTION_LENGTH);
  if (fatal !== undefined || heapOutOfMemory) summary.level = 'FATAL';
  else if (pythonFinal !== undefined || (frames && header !== undefined) || goroutine)
    summary.level = 'ERROR';
  return summary;
}
