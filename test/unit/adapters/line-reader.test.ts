import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText, type LineReadStats, readLines } from '../../../shared/adapters/local/line-reader.ts';

/** The reader's chunk size (4 MiB): inputs below are laid out around its boundaries. */
const CHUNK = 4 * 1024 * 1024;

let dir: string;
let counter = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'incidentiq-line-reader-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(data: string | Buffer): string {
  const path = join(dir, `input-${counter++}.txt`);
  writeFileSync(path, data);
  return path;
}

function read(data: string | Buffer): { lines: string[]; stats: LineReadStats } {
  const stats: LineReadStats = { bytes: 0, lines: 0, invalidUtf8Lines: 0 };
  const lines = [...readLines(file(data), stats)];
  return { lines, stats };
}

describe('readLines', () => {
  it('splits LF-terminated lines and counts bytes and lines', () => {
    const { lines, stats } = read('alpha\nbeta\ngamma\n');
    expect(lines).toEqual(['alpha', 'beta', 'gamma']);
    expect(stats).toEqual({ bytes: 17, lines: 3, invalidUtf8Lines: 0 });
  });

  it('drops the CR of CRLF endings, keeps a CR that is not before a LF', () => {
    const { lines, stats } = read('alpha\r\nbeta\r\n\r\ngam\rma\r\n');
    expect(lines).toEqual(['alpha', 'beta', '', 'gam\rma']);
    expect(stats).toEqual({ bytes: 23, lines: 4, invalidUtf8Lines: 0 });
  });

  it('keeps only one CR of a doubled CR before LF', () => {
    expect(read('a\r\r\nb\r\n').lines).toEqual(['a\r', 'b']);
  });

  it('yields a last line that has no newline', () => {
    const { lines, stats } = read('alpha\nbeta');
    expect(lines).toEqual(['alpha', 'beta']);
    expect(stats).toEqual({ bytes: 10, lines: 2, invalidUtf8Lines: 0 });
    expect(read('a\r\nb\r').lines).toEqual(['a', 'b']);
  });

  it('adds no phantom line after a trailing newline, but keeps real empty lines', () => {
    expect(read('alpha\n').lines).toEqual(['alpha']);
    expect(read('alpha\r\n').lines).toEqual(['alpha']);
    expect(read('\n').lines).toEqual(['']);
    expect(read('alpha\n\n').lines).toEqual(['alpha', '']);
    expect(read('\n\nalpha\n\n\nbeta\n').lines).toEqual(['', '', 'alpha', '', '', 'beta']);
  });

  it('yields no line for an empty file', () => {
    const { lines, stats } = read('');
    expect(lines).toEqual([]);
    expect(stats).toEqual({ bytes: 0, lines: 0, invalidUtf8Lines: 0 });
  });

  it('works without a stats object', () => {
    expect([...readLines(file('a\nb\n'))]).toEqual(['a', 'b']);
  });

  // A 4-byte character whose first 1, 2 or 3 bytes end the first chunk.
  it.each([1, 2, 3])('decodes a 4-byte character with %i byte(s) before a chunk boundary', (before) => {
    const emoji = Buffer.from('😀', 'utf8');
    expect(emoji.length).toBe(4);
    const start = CHUNK - before;
    const data = Buffer.alloc(CHUNK + 100, 0x61); // 'a'
    data[10] = 0x0a; // a short first line
    emoji.copy(data, start);
    data[start + 20] = 0x0a;
    const { lines, stats } = read(data);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('a'.repeat(10));
    expect(lines[1]).toBe(`${'a'.repeat(start - 11)}😀${'a'.repeat(16)}`);
    expect(lines[2]).toBe('a'.repeat(CHUNK + 100 - start - 21));
    expect(lines.join('')).not.toContain('\uFFFD');
    expect(stats).toEqual({ bytes: CHUNK + 100, lines: 3, invalidUtf8Lines: 0 });
  });

  it('decodes a 3-byte character straddling the second chunk boundary of an 8 MiB+ file', () => {
    const euro = Buffer.from('€', 'utf8');
    const data = Buffer.alloc(2 * CHUNK + 5, 0x62); // 'b'
    data[CHUNK + 7] = 0x0a;
    euro.copy(data, 2 * CHUNK - 2);
    const { lines, stats } = read(data);
    expect(lines).toEqual(['b'.repeat(CHUNK + 7), `${'b'.repeat(CHUNK - 10)}€${'b'.repeat(4)}`]);
    expect(stats).toEqual({ bytes: 2 * CHUNK + 5, lines: 2, invalidUtf8Lines: 0 });
  });

  it('drops the CR of a CRLF split across a chunk boundary', () => {
    const data = Buffer.alloc(CHUNK + 3, 0x63); // 'c'
    data[CHUNK - 1] = 0x0d;
    data[CHUNK] = 0x0a;
    const { lines, stats } = read(data);
    expect(lines).toEqual(['c'.repeat(CHUNK - 1), 'cc']);
    expect(stats.lines).toBe(2);
  });

  it('finds a newline that starts the second chunk, and one that ends the first', () => {
    const a = Buffer.alloc(CHUNK + 2, 0x64); // 'd'
    a[CHUNK] = 0x0a;
    expect(read(a).lines).toEqual(['d'.repeat(CHUNK), 'd']);
    const b = Buffer.alloc(CHUNK, 0x64);
    b[CHUNK - 1] = 0x0a;
    expect(read(b).lines).toEqual(['d'.repeat(CHUNK - 1)]);
  });

  it('replaces invalid UTF-8 with U+FFFD and counts the lines that held it', () => {
    const data = Buffer.from([
      ...Buffer.from('a'),
      0xff, // never valid
      ...Buffer.from('b\nok\n'),
      0xc3, // lead byte followed by a non-continuation byte
      ...Buffer.from('(\n'),
      0x80, // lone continuation byte
      0x80,
      ...Buffer.from(' x\nfine é\n'),
      0xe2, // truncated 3-byte sequence at end of file
      0x82,
    ]);
    const { lines, stats } = read(data);
    expect(lines).toEqual(['a\uFFFDb', 'ok', '\uFFFD(', '\uFFFD\uFFFD x', 'fine é', '\uFFFD']);
    expect(stats).toEqual({ bytes: data.length, lines: 6, invalidUtf8Lines: 4 });
  });

  it('passes binary bytes, NUL included, through unchanged', () => {
    const data = Buffer.from([0x00, 0x01, 0x02, 0x7f, 0x1b, 0x0a, 0x00, 0x0a, 0x09, 0x00, 0x41]);
    const { lines, stats } = read(data);
    expect(lines).toEqual(['\u0000\u0001\u0002\u007f\u001b', '\u0000', '\t\u0000A']);
    expect(stats).toEqual({ bytes: 11, lines: 3, invalidUtf8Lines: 0 });
  });

  it('reads a 1 MB single line whole, with or without a newline', () => {
    const line = 'token 12345 '.repeat(87_382).slice(0, 1_000_000);
    expect(read(line).lines).toEqual([line]);
    const { lines, stats } = read(`${line}\n`);
    expect(lines).toEqual([line]);
    expect(stats).toEqual({ bytes: 1_000_001, lines: 1, invalidUtf8Lines: 0 });
  });

  it('counts bytes, not characters, for multi-byte text', () => {
    const { lines, stats } = read('été\n日本\n');
    expect(lines).toEqual(['été', '日本']);
    expect(stats).toEqual({ bytes: 13, lines: 2, invalidUtf8Lines: 0 });
  });

  it('throws a clear error for a directory', () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    expect(() => [...readLines(path)]).toThrow(`${path} is a directory, not a file`);
  });

  it('throws ENOENT for a missing file', () => {
    const path = join(dir, 'missing.txt');
    expect(() => [...readLines(path)]).toThrow(expect.objectContaining({ code: 'ENOENT', path }));
  });

  it('closes its file when the caller stops early', () => {
    const path = file('one\ntwo\nthree\n');
    const before = readdirSync('/proc/self/fd').length;
    for (const line of readLines(path)) {
      expect(line).toBe('one');
      expect(readdirSync('/proc/self/fd').length).toBe(before + 1);
      break;
    }
    expect(readdirSync('/proc/self/fd').length).toBe(before);
  });
});

describe('readLines and a literal U+FFFD', () => {
  it('does not count a valid, encoded U+FFFD as invalid UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'line-reader-fffd-'));
    const file = join(dir, 'valid.txt');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('valid '),
        Buffer.from([0xef, 0xbf, 0xbd]),
        Buffer.from(' char\nbad \xff\n', 'latin1'),
      ]),
    );
    const stats = { bytes: 0, lines: 0, invalidUtf8Lines: 0 };
    const lines = [...readLines(file, stats)];
    expect(lines).toEqual(['valid \uFFFD char', 'bad \uFFFD']);
    expect(stats.invalidUtf8Lines).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('decodeText', () => {
  it('gives the UTF-8 text of ASCII, multi-byte and invalid bytes alike', () => {
    const texts = ['plain ascii line {"a":1}', 'délai 🚦 ü', '', 'tab\there\u007f'];
    for (const text of texts) expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
    // Latin-1 bytes that are not UTF-8: replacement characters, never the Latin-1 letters.
    expect(decodeText(Buffer.from([0x61, 0xe9, 0x62]))).toBe('a\uFFFDb');
  });
});
