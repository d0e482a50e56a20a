/**
 * Joining log lines to traces: the trace ids printed in log lines, in X-Ray's form. X-Ray writes a
 * W3C trace id abcdef01 2345... as 1-abcdef01-2345... (the first 8 hex digits are the epoch seconds).
 */

const XRAY = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/i;
const W3C = /^[0-9a-f]{32}$/i;

/** The X-Ray form of an X-Ray or W3C trace id, lower case; null for anything else (or all zeros). */
export function toXRayTraceId(id: string): string | null {
  const s = id.trim();
  const x = XRAY.exec(s);
  if (x) return `1-${(x[1] as string).toLowerCase()}-${(x[2] as string).toLowerCase()}`;
  if (W3C.test(s) && !/^0+$/.test(s)) return `1-${s.slice(0, 8).toLowerCase()}-${s.slice(8).toLowerCase()}`;
  return null;
}

const MAX_SCAN = 8192;
const MAX_IDS = 16;
/** X-Ray ids, traceparent headers, and 32-hex ids that a "trace" label introduces. */
const PATTERNS = [
  /\b1-[0-9a-f]{8}-[0-9a-f]{24}\b/gi,
  /\b00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}\b/gi,
  /trace[_-]?id["']?\s*[:=]\s*["']?([0-9a-f]{32})\b/gi,
];

/** The trace ids a log line prints, in X-Ray form, deduplicated, in order (bounded). */
export function traceIdsIn(text: string): string[] {
  const s = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const found: { at: number; id: string }[] = [];
  for (const re of PATTERNS) {
    for (const m of s.matchAll(re)) {
      const id = toXRayTraceId(m[1] ?? m[0]);
      if (id) found.push({ at: m.index ?? 0, id });
    }
  }
  const out: string[] = [];
  for (const f of found.sort((a, b) => a.at - b.at)) {
    if (!out.includes(f.id)) out.push(f.id);
    if (out.length >= MAX_IDS) break;
  }
  return out;
}
