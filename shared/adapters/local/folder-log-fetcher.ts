import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { LogEvent } from '../../domain/log-event.ts';
import type { FetchOutcome, FetchRequest, LogFetcher } from '../../ports/log-fetcher.ts';
import { IncidentFolderSource } from './incident-folder.ts';

/**
 * The log store of an incident folder: its logs.jsonl plays CloudWatch Logs for the local
 * workflow. A fetch returns the events of the requested groups in the requested range, and on an
 * open edge of the analysis window (`openStart`, `openEnd`) every event beyond it too: over the
 * slices of a window each line of the requested groups is read exactly once, as the direct run
 * reads them (the analysis itself places them in or out of its windows). The file is streamed,
 * never held: a window of millions of events passes through in bounded memory.
 */
export class FolderLogFetcher implements LogFetcher {
  constructor(private readonly dir: string) {}

  /**
   * The groups the folder's lines name, sorted: what DescribeLogGroups is to CloudWatch Logs. Found
   * by a scan of the bytes, without decoding or parsing the events (the fetch parses them once,
   * after): a line opening with its `"logGroup"` key and a plain string value, the key nowhere else
   * in the line, is read in place; any other line is parsed as JSON. Like DescribeLogGroups, it
   * lists a group whatever its events hold: a line naming a group but rejected by the fetch (no
   * timestamp, say) still names it.
   */
  knownLogGroups(): string[] {
    // The folder is checked as the fetch checks it (the events, read lazily, are not touched).
    new IncidentFolderSource(this.dir).load();
    const path = join(this.dir, 'logs.jsonl');
    if (!existsSync(path)) return [];
    return [...scanLogGroups(path)].sort();
  }

  fetch(request: FetchRequest): { events: AsyncIterable<LogEvent>; outcome: FetchOutcome } {
    const input = new IncidentFolderSource(this.dir).load();
    const outcome: FetchOutcome = { events: 0, bytes: 0, truncated: false, notes: input.notes };
    const wanted = inRequest(request);
    async function* events(): AsyncGenerator<LogEvent> {
      for (const event of input.events) {
        if (!wanted(event)) continue;
        outcome.events++;
        outcome.bytes += event.message.length;
        yield event;
      }
    }
    return { events: events(), outcome };
  }
}

/**
 * Whether an event is the request's: one of its groups, and a timestamp `t` with
 * `startTime <= t < endTime + 1` (whole milliseconds inclusive, a fraction between two slices in
 * the earlier), any before the start on an open start, any after the end on an open end.
 */
export function inRequest(request: FetchRequest): (event: LogEvent) => boolean {
  const groups = new Set(request.logGroups);
  const from = request.openStart ? Number.NEGATIVE_INFINITY : request.startTime;
  const until = request.openEnd ? Number.POSITIVE_INFINITY : request.endTime + 1;
  return (event) => groups.has(event.logGroup) && event.timestamp >= from && event.timestamp < until;
}

const CHUNK = 4 * 1024 * 1024;
const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const KEY = Buffer.from('"logGroup"');
const KEY_G_AT = 4;
const KEY_G = 0x47;

/** The distinct top-level `logGroup` values of a JSON-lines file, read chunk by chunk. */
export function scanLogGroups(path: string): Set<string> {
  const scan: Scan = { groups: new Set(), last: Buffer.alloc(0) };
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).isDirectory()) return scan.groups;
    let buffer = Buffer.allocUnsafe(CHUNK);
    // Bytes [0, filled) of `buffer` hold data; a line longer than the buffer grows it.
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, filled, buffer.length - filled, null);
      const end = filled + read;
      let start = 0;
      for (;;) {
        const nl = buffer.indexOf(LF, start);
        if (nl === -1 || nl >= end) break;
        lineGroup(buffer, start, nl, scan);
        start = nl + 1;
      }
      if (read === 0) {
        if (start < end) lineGroup(buffer, start, end, scan);
        break;
      }
      // The unfinished last line moves to the front for the next read.
      buffer.copy(buffer, 0, start, end);
      filled = end - start;
    }
  } finally {
    closeSync(fd);
  }
  return scan.groups;
}

interface Scan {
  groups: Set<string>;
  /** The bytes of the last group read in place: neighbouring lines mostly share it, not decoded again. */
  last: Buffer;
}

/** Adds the group of the line `bytes[start, end)`, if it names one. */
function lineGroup(bytes: Buffer, start: number, end: number, scan: Scan): void {
  if (skipSpace(bytes, start, end) === end) return;
  if (leadingGroup(bytes, start, end, scan)) return;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8', start, end));
  } catch {
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const group = (value as Record<string, unknown>).logGroup;
  if (typeof group === 'string' && group !== '') scan.groups.add(group);
}

/**
 * Reads the group of a line that opens with `{"logGroup": "<plain text>"`, the key nowhere else in
 * the line; false when the line needs the parser (another layout, an escape, a second such key).
 */
function leadingGroup(bytes: Buffer, start: number, end: number, scan: Scan): boolean {
  let i = skipSpace(bytes, start, end);
  if (bytes[i] !== OPEN_BRACE) return false;
  i = skipSpace(bytes, i + 1, end);
  if (!matchesAt(bytes, i, end, KEY)) return false;
  i = skipSpace(bytes, i + KEY.length, end);
  if (bytes[i] !== COLON) return false;
  i = skipSpace(bytes, i + 1, end);
  if (bytes[i] !== QUOTE) return false;
  const valueStart = i + 1;
  let valueEnd = valueStart;
  while (valueEnd < end && bytes[valueEnd] !== QUOTE) {
    if (bytes[valueEnd] === BACKSLASH) return false;
    valueEnd++;
  }
  if (valueEnd === end || valueEnd === valueStart) return false;
  // A duplicate key (JSON.parse keeps the last) or one in a nested object: the parser decides.
  // Found through its G, a rare byte in log lines: Buffer.indexOf of the whole key costs far more.
  for (let g = bytes.indexOf(KEY_G, valueEnd); g !== -1 && g < end; g = bytes.indexOf(KEY_G, g + 1)) {
    if (matchesAt(bytes, g - KEY_G_AT, end, KEY)) return false;
  }
  const length = valueEnd - valueStart;
  if (length !== scan.last.length || !matchesAt(bytes, valueStart, valueEnd, scan.last)) {
    scan.last = Buffer.from(bytes.subarray(valueStart, valueEnd));
    scan.groups.add(scan.last.toString('utf8'));
  }
  return true;
}

function skipSpace(bytes: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) break;
    i++;
  }
  return i;
}

function matchesAt(bytes: Buffer, at: number, end: number, expected: Buffer): boolean {
  if (at < 0 || end - at < expected.length) return false;
  for (let k = 0; k < expected.length; k++) if (bytes[at + k] !== expected[k]) return false;
  return true;
}
