import { lineRegions } from './line-reader.ts';

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN = 123;
const COLON = 58;
const KEY = Buffer.from('"logGroup"');

/**
 * The distinct top-level `logGroup` values of a JSON-lines file, read in chunks as bytes: most
 * lines are never decoded whole. A line opening with its `"logGroup"` key and a plain (unescaped)
 * string value, JSON's blanks only and the key nowhere else in the line, gives its value in place;
 * any other line is decoded and parsed as JSON (a duplicate key, which JSON.parse keeps the last,
 * or one in a nested object: the parser decides).
 */
export function scanLogGroups(path: string): Set<string> {
  const groups = new Set<string>();
  for (const region of lineRegions(path)) scanLines(region, 0, region.length, groups);
  return groups;
}

/** The groups of the LF-separated lines in `buffer[from, to)`. */
function scanLines(buffer: Buffer, from: number, to: number, groups: Set<string>): void {
  const seen = new SeenGroups(groups);
  let nextKey = -1;
  let start = from;
  while (start <= to) {
    let end = buffer.indexOf(LF, start);
    if (end === -1 || end > to) end = to;
    const value = leadingGroup(buffer, start, end);
    if (value) {
      // The key's next occurrence, kept across lines: found once per occurrence, never past the rest of the chunk per line.
      if (nextKey < value.after) nextKey = buffer.indexOf(KEY, value.after);
      if (nextKey === -1 || nextKey + KEY.length > end) {
        seen.add(buffer, value.start, value.end);
        start = end + 1;
        continue;
      }
    }
    parsedGroup(buffer.toString('utf8', start, end), groups);
    start = end + 1;
  }
}

/** The byte range of a line's leading plain `"logGroup"` string value, or null. */
function leadingGroup(
  buffer: Buffer,
  start: number,
  end: number,
): { start: number; end: number; after: number } | null {
  let i = blanks(buffer, start, end);
  if (buffer[i] !== OPEN || i >= end) return null;
  i = blanks(buffer, i + 1, end);
  if (i + KEY.length > end || buffer.compare(KEY, 0, KEY.length, i, i + KEY.length) !== 0) return null;
  i = blanks(buffer, i + KEY.length, end);
  if (i >= end || buffer[i] !== COLON) return null;
  i = blanks(buffer, i + 1, end);
  if (i >= end || buffer[i] !== QUOTE) return null;
  const valueStart = i + 1;
  let j = valueStart;
  while (j < end && buffer[j] !== QUOTE && buffer[j] !== BACKSLASH) j++;
  if (j >= end || buffer[j] !== QUOTE || j === valueStart) return null;
  return { start: valueStart, end: j, after: j + 1 };
}

/**
 * The groups already found, as bytes: a value is compared with the last few seen before it is
 * decoded (a folder names a handful of groups, on a million lines).
 */
class SeenGroups {
  private readonly recent: Buffer[] = [];

  constructor(private readonly groups: Set<string>) {}

  add(buffer: Buffer, start: number, end: number): void {
    const length = end - start;
    for (const known of this.recent) {
      if (known.length === length && buffer.compare(known, 0, length, start, end) === 0) return;
    }
    const value = buffer.toString('utf8', start, end);
    this.groups.add(value);
    if (this.recent.length < 16) this.recent.push(Buffer.from(buffer.subarray(start, end)));
  }
}

function blanks(buffer: Buffer, i: number, end: number): number {
  while (i < end) {
    const b = buffer[i];
    if (b !== SPACE && b !== TAB && b !== CR) break;
    i++;
  }
  return i;
}

function parsedGroup(line: string, groups: Set<string>): void {
  if (line.trim() === '') return;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const group = (value as Record<string, unknown>).logGroup;
  if (typeof group === 'string' && group !== '') groups.add(group);
}
