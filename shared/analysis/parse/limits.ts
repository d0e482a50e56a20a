/** Only this many characters of a line are scanned for its prefix, level and service. */
export const HEAD_LIMIT = 4096;

/** `LogRecord.message` is cut to this length; `raw` always keeps everything. */
export const MESSAGE_LIMIT = 10_000;

/** Messages longer than this are not handed to JSON.parse. */
export const JSON_LIMIT = 2_000_000;

/** Deeper JSON is not parsed: consumers walking `fields` recursively must not overflow the stack. */
export const JSON_MAX_DEPTH = 64;

/** A message timestamp further than this from the event's is a misread or a replayed line. */
export const TIMESTAMP_SANITY_MS = 366 * 24 * 60 * 60 * 1000;

/** A folded record is closed after this many events or raw characters, so memory stays bounded. */
export const MAX_FOLD_EVENTS = 2000;
export const MAX_FOLD_CHARS = 1_000_000;

/** How close in time a Traceback or exception header must follow a log line to be folded into it. */
export const FOLD_HEADER_WINDOW_MS = 2000;

/**
 * An event's message is cut to this many characters as it is parsed (after masking at the door),
 * the cut marked: a 50 MB line must not be carried through the analysis and quoted whole.
 */
export const EVENT_LIMIT = 262_144;

/** A quoted line (evidence, timeline, patient zero) is cut to this many characters, the cut marked. */
export const QUOTE_LIMIT = 4_096;
