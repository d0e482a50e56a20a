import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface LineReadStats {
  bytes: number;
  lines: number;
  /** Lines that held bytes that are not valid UTF-8 (decoded with U+FFFD replacement characters). */
  invalidUtf8Lines: number;
}

const CHUNK = 4 * 1024 * 1024;
const LF = 10;
const CR = 13;
const REPLACEMENT = '\uFFFD';

/**
 * Reads a text file line by line in fixed-size chunks, so memory stays bounded whatever the file
 * size. Lines are cut on the LF byte (which never occurs inside a multi-byte UTF-8 sequence), so
 * only whole lines are decoded; a CR before the LF is dropped (CRLF files); a last line without a
 * newline counts. Invalid UTF-8 is decoded with replacement characters and counted, never thrown on.
 */
export function* readLines(path: string, stats?: LineReadStats): Generator<string> {
  for (const region of lineRegions(path, stats)) yield* decodeLines(region, stats);
}

/**
 * The file's bytes in regions of whole lines (LF-separated, no trailing LF), read in fixed-size
 * chunks. A region is a view of the reader's buffer: valid until the next one is asked for.
 */
export function* lineRegions(path: string, stats?: LineReadStats): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).isDirectory()) throw new Error(`${path} is a directory, not a file`);
    // A partial last line is moved to the buffer's start and the next read appended to it: no
    // copy of each chunk, only of the few bytes carried.
    let buffer = Buffer.allocUnsafe(CHUNK);
    let held = 0;
    for (;;) {
      if (held === buffer.length) {
        // One line longer than the buffer: grow it (the line is read whole).
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, held);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, held, buffer.length - held, null);
      if (stats) stats.bytes += read;
      const end = held + read;
      if (read === 0) {
        if (end > 0) yield buffer.subarray(0, end);
        break;
      }
      const lastLf = buffer.lastIndexOf(LF, end - 1);
      if (lastLf === -1) {
        held = end;
        continue;
      }
      yield buffer.subarray(0, lastLf);
      held = end - lastLf - 1;
      buffer.copy(buffer, 0, lastLf + 1, end);
    }
  } finally {
    closeSync(fd);
  }
}

/** Decodes a region of whole lines (LF-separated, no trailing LF) in one call and splits it. */
function* decodeLines(region: Buffer, stats?: LineReadStats): Generator<string> {
  const text = decodeText(region);
  const suspicious = text.includes(REPLACEMENT);
  let byteStart = 0;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const stop = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    const line = text.slice(start, stop);
    if (stats) {
      stats.lines++;
      if (suspicious) {
        // Only lines showing U+FFFD are checked against their raw bytes: a valid file may hold U+FFFD itself.
        const byteEnd = nl === -1 ? region.length : region.indexOf(LF, byteStart);
        if (line.includes(REPLACEMENT) && !isUtf8(region.subarray(byteStart, byteEnd)))
          stats.invalidUtf8Lines++;
        byteStart = byteEnd + 1;
      }
    }
    yield line;
    if (nl === -1) return;
    start = nl + 1;
  }
}

/**
 * A buffer's UTF-8 text. Pure ASCII (most logs) is decoded as Latin-1, the same characters: a
 * copy into a one-byte string, several times faster than the UTF-8 decoder, and checked in one
 * vectorised pass first.
 */
export function decodeText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}
