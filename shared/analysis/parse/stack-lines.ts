/** Line shapes of stack traces and crash dumps, shared by folding (multiline.ts) and summaries (stack.ts). */

/** Java and Node frames: `\tat com.x.Y.z(Y.java:12)`, `    at handler (/app/index.js:4:11)`. */
export const FRAME_AT = /^\s+at\s+\S/;
export const MORE_FRAMES = /^\s*\.\.\.\s*\d+\s+(?:more|common frames omitted)\b/;
/** Java's `Caused by: …`; .NET's inner exception, ` ---> System.IO.IOException: …`. */
export const CAUSED_BY = /^\s*(?:Caused by:|--->)\s/;
export const SUPPRESSED = /^\s+Suppressed:\s/;

export const PY_TRACEBACK = /^\s*Traceback \(most recent call last\):\s*$/;
export const PY_FRAME = /^\s+File "/;
export const PY_CHAIN =
  /^\s*(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
/** The closing `module.SomeError: message` line of a traceback (not indented). */
export const PY_EXCEPTION_LINE = /^[A-Za-z_][\w.]*(?::.*)?$/;

export const GO_PANIC = /^panic: /;
export const GO_FATAL = /^fatal error: /;
export const GOROUTINE = /^goroutine \d+ \[[^\]]*\]:\s*$/;
/** A Go frame's function line (`main.main()`, `net/http.(*conn).serve(0xc000…)`) or file line (`\t/app/main.go:12 +0x1d`). */
export const GO_FRAME =
  /^(?:[\w.\-/*()[\]{}$<>]+\(.*\)(?: in goroutine \d+)?|\t\S.*:\d+(?: \+0x[0-9a-f]+)?)$/;
export const GO_TRAILER = /^(?:created by |exit status \d+$|\[signal |\.\.\.additional frames elided\.\.\.)/;

export const NODE_FATAL = /^FATAL ERROR: /;
export const NODE_NATIVE_FRAME = /^\s*\d+: 0x[0-9a-f]+ /;
export const NODE_GC_HEADER = /^<--- (?:Last few GCs|JS stacktrace) --->\s*$/;
export const NODE_GC_LINE = /^\[\d+:0x[0-9a-f]+\]\s/;
/** First line of an uncaught exception report: the throwing file and line. */
export const NODE_UNCAUGHT_HEADER =
  /^(?:node:internal\/\S+|file:\/\/\S+|\/\S+\.[cm]?[jt]sx?|[A-Za-z]:\\\S+\.[cm]?[jt]sx?):\d+$/;
export const NODE_VERSION_TRAILER = /^Node\.js v\d/;
/** `Error: msg`, `TypeError: msg`, `Error [ERR_X]: msg`, `MongoServerError: msg`. */
export const JS_ERROR_HEADER = /^(?:Uncaught )?(?:[A-Z][\w$]*)?Error(?: \[[\w.]+\])?: /;

/**
 * `java.lang.IllegalStateException: msg`, `Exception in thread "main" java.lang.OutOfMemoryError: …`,
 * .NET's `System.FormatException: msg` (indented under its console logger's head line).
 */
export const JAVA_EXCEPTION_HEADER =
  /^\s*(?:Exception in thread "[^"]*" )?(?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)\b/;

export const BLANK = /^\s*$/;
export const INDENTED = /^\s+\S/;
/** Python 3.11+ error markers under a code line (`    ^^^^^` or `    ~~~^~~~`); callers also check for a `^`. */
export const CARETS = /^\s*[~^]+\s*$/;

/** Longer lines are never frames; shape regexes with backtracking are not run on them. */
export const MAX_FRAME_LINE = 2000;
