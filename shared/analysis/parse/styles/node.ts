import {
  JS_ERROR_HEADER,
  NODE_FATAL,
  NODE_GC_HEADER,
  NODE_GC_LINE,
  NODE_NATIVE_FRAME,
  NODE_UNCAUGHT_HEADER,
  NODE_VERSION_TRAILER,
} from '../stack-lines.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';

const PROCESS_WARNING = /^\(node:\d+\) (?:\[[\w-]+\] )?\w*Warning: /;
const UNHANDLED_REJECTION = /^\[?UnhandledPromiseRejection\b/;
const NPM_ERROR = /^npm (?:ERR!|error) /;
const JS_FRAME = /^\s+at .*(?:\.[cm]?[jt]sx?|node:[\w/]+):\d+(?::\d+)?\)?$/;
/**
 * Node.js ends the report of an exception that kills the process with its version (since Node 18,
 * `Node.js v20.18.1` after the stack): a whole report in one event is a crash, not a handled error.
 */
const FATAL_TRAILER = /\nNode\.js v\d+\.\d+\.\d+\s*$/;

/** Node.js: `FATAL ERROR: … JavaScript heap out of memory` crashes, GC traces, uncaught exceptions, warnings. */
export function recogniseNode(ctx: LineContext): StyleMatch | undefined {
  const line = ctx.head;
  // With a timestamp prefix the line is an application's own report; parse-event still raises it to FATAL.
  if (NODE_FATAL.test(line) || (!ctx.leading && line.includes('JavaScript heap out of memory'))) {
    return { style: 'node', level: 'FATAL', bodyStart: 0, exception: line.slice(0, 500) };
  }
  if (NODE_GC_HEADER.test(line) || NODE_GC_LINE.test(line))
    return { style: 'node', level: 'WARN', bodyStart: 0 };
  if (NODE_UNCAUGHT_HEADER.test(line) && FATAL_TRAILER.test(ctx.message)) {
    const error = ctx.message.split('\n').find((l) => JS_ERROR_HEADER.test(l));
    return { style: 'node', level: 'FATAL', bodyStart: 0, exception: error?.slice(0, 500) };
  }
  if (NODE_UNCAUGHT_HEADER.test(line) || UNHANDLED_REJECTION.test(line) || NPM_ERROR.test(line)) {
    return { style: 'node', level: 'ERROR', bodyStart: 0 };
  }
  if (JS_ERROR_HEADER.test(line)) {
    return { style: 'node', level: 'ERROR', bodyStart: 0, exception: line.slice(0, 500) };
  }
  if (PROCESS_WARNING.test(line)) return { style: 'node', level: 'WARN', bodyStart: 0 };
  if (NODE_VERSION_TRAILER.test(line)) return { style: 'node', level: 'INFO', bodyStart: 0 };
  // A frame on its own: the event that started its trace went to another stream or was not fetched.
  if (JS_FRAME.test(line) || NODE_NATIVE_FRAME.test(line)) return { style: 'node', bodyStart: 0 };
  return undefined;
}
