import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ID = /^T[0-9a-f]{12}$/;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'incidentiq-patterns-cli-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]): SpawnSyncReturns<string> {
  const result = spawnSync(process.execPath, ['bin/incidentiq.js', ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // Quiet about an old Node (node-warning.test.ts covers that line): stderr is the command's own.
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (result.error) throw result.error;
  return result;
}

function write(name: string, data: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

/** Runs `patterns <file> --assignments`, checks it succeeded, and returns the printed ids. */
function assignments(path: string): { ids: string[]; stderr: string } {
  const result = cli('patterns', path, '--assignments');
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout.endsWith('\n')).toBe(true);
  const ids = result.stdout.slice(0, -1).split('\n');
  for (const id of ids) expect(id).toMatch(ID);
  return { ids, stderr: result.stderr };
}

/** A seeded Fisher-Yates shuffle (mulberry32), so a failure is reproducible. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// One file of awkward lines; each entry is the raw bytes of one line (no line ending).
const BIG_A = `payload ${'chunk 1234 '.repeat(95_325)}`;
const BIG_B = `payload ${'chunk 9876 '.repeat(95_325)}`;
const MIXED: Buffer[] = [
  Buffer.from('user 1 logged in'), // 0
  Buffer.from('user 2 logged in'), // 1
  Buffer.from('disk full on /dev/sda1'), // 2
  Buffer.from(''), // 3 empty line in the middle
  Buffer.from('user 3 logged in'), // 4
  Buffer.from(''), // 5
  Buffer.from('2024-01-01T00:00:00Z'), // 6 only a timestamp
  Buffer.from('2024-03-05T12:34:56Z'), // 7
  Buffer.from([0x00, 0x01, 0x02, 0x7f, 0x20, 0x62, 0x69, 0x6e, 0x00, 0x1b, 0x5b, 0x30, 0x6d]), // 8 binary, NUL
  Buffer.from([0x66, 0x6f, 0xff, 0xfe, 0x20, 0x62, 0x61, 0x72]), // 9 invalid UTF-8: "fo\xff\xfe bar"
  Buffer.from([0x66, 0x6f, 0xfe, 0xff, 0x20, 0x62, 0x61, 0x72]), // 10 other invalid bytes, same text once decoded
  Buffer.from(BIG_A), // 11 a 1 MB line
  Buffer.from('disk full on /dev/sdb2'), // 12
  Buffer.from(BIG_B), // 13 another 1 MB line, other numbers
  Buffer.from('connection closed by 10.0.0.1 port 22'), // 14, last, no trailing newline in the LF file
];

function checkMixed(ids: string[]): void {
  expect(ids).toHaveLength(MIXED.length);
  // Same template, same id.
  expect(ids[1]).toBe(ids[0]);
  expect(ids[4]).toBe(ids[0]);
  expect(ids[12]).toBe(ids[2]);
  expect(ids[5]).toBe(ids[3]);
  expect(ids[7]).toBe(ids[6]);
  expect(ids[10]).toBe(ids[9]);
  expect(ids[13]).toBe(ids[11]);
  // One id per distinct template: user / disk / empty / timestamp / binary / invalid / big / connection.
  const distinct = [0, 2, 3, 6, 8, 9, 11, 14].map((i) => ids[i]);
  expect(new Set(distinct).size).toBe(distinct.length);
}

describe('incidentiq patterns --assignments', () => {
  it('prints one id per line for LF and CRLF files, awkward lines included, the same ids for both', () => {
    expect(BIG_A.length).toBeGreaterThanOrEqual(1_000_000);
    const lf = write(
      'mixed-lf.txt',
      Buffer.concat(MIXED.flatMap((l, i) => (i === 0 ? [l] : [Buffer.from('\n'), l]))),
    );
    const crlf = write('mixed-crlf.txt', Buffer.concat(MIXED.flatMap((l) => [l, Buffer.from('\r\n')])));

    const a = assignments(lf);
    checkMixed(a.ids);
    expect(a.stderr).toMatch(/2 line\(s\) of .*mixed-lf\.txt are not valid UTF-8/);

    const b = assignments(crlf);
    expect(b.ids).toEqual(a.ids);
    expect(b.stderr).toMatch(/2 line\(s\) of .*mixed-crlf\.txt are not valid UTF-8/);
  });

  it('gives every distinct line the same id across runs and line orders', () => {
    const fixture = JSON.parse(
      readFileSync(join(projectRoot, 'test/fixtures/loghub/Apache.json'), 'utf8'),
    ) as { contents: string[] };
    const lines = fixture.contents;
    expect(lines.length).toBe(2000);
    const order = shuffle(
      lines.map((_, i) => i),
      20240611,
    );
    const original = write('apache.txt', `${lines.join('\n')}\n`);
    const shuffled = write('apache-shuffled.txt', `${order.map((i) => lines[i]).join('\n')}\n`);

    const first = assignments(original).ids;
    const again = assignments(original).ids;
    const mixed = assignments(shuffled).ids;
    expect(first).toHaveLength(2000);
    expect(mixed).toHaveLength(2000);
    expect(again).toEqual(first);
    order.forEach((from, to) => {
      expect(mixed[to], `line ${from}: ${lines[from]}`).toBe(first[from]);
    });
    // The same message always gets the same id, and the file holds more than one template.
    const byLine = new Map<string, string>();
    lines.forEach((line, i) => {
      const seen = byLine.get(line);
      if (seen === undefined) byLine.set(line, first[i] as string);
      else expect(first[i]).toBe(seen);
    });
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(new Set(first).size).toBeLessThan(new Set(lines).size);
  });

  it('prints nothing for an empty file, exits 0 and says why on stderr', () => {
    const path = write('empty.txt', '');
    const result = cli('patterns', path, '--assignments');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`incidentiq: ${path} is empty: no lines to mine\n`);
  });
});

describe('incidentiq patterns summary', () => {
  it('starts with "N lines, M templates" and lists each template once, most frequent first', () => {
    const lines = [
      'user 1 logged in',
      'disk full on /dev/sda1',
      'user 2 logged in',
      '',
      'user 3 logged in',
      'disk full on /dev/sdb2',
      'cache warmed',
    ];
    const path = write('summary.txt', `${lines.join('\n')}\n`);
    const ids = assignments(path).ids;
    const result = cli('patterns', path);
    expect(result.status, result.stderr).toBe(0);
    const out = result.stdout.slice(0, -1).split('\n');
    expect(out[0]).toBe('7 lines, 4 templates');
    expect(out).toHaveLength(5);
    const rows = out.slice(1).map((row) => {
      const match = /^ +(\d+) {2}(T[0-9a-f]{12}) {2}(.*)$/.exec(row);
      expect(match, row).not.toBeNull();
      return { count: Number(match?.[1]), id: match?.[2], template: match?.[3] };
    });
    expect(rows[0]).toEqual({ count: 3, id: ids[0], template: 'user <*> logged in' });
    expect(rows[1]).toEqual({ count: 2, id: ids[1], template: 'disk full on /dev/<*>' });
    expect(rows.slice(2).map((r) => r.count)).toEqual([1, 1]);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids));

    const top = cli('patterns', path, '--top', '1');
    expect(top.status, top.stderr).toBe(0);
    expect(top.stdout.slice(0, -1).split('\n')).toEqual(out.slice(0, 2));
  });
});

describe('incidentiq errors and usage', () => {
  it('exits 1 with "no such file" for a missing file', () => {
    const path = join(dir, 'does-not-exist.txt');
    const result = cli('patterns', path, '--assignments');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`incidentiq: no such file: ${path}\n`);
  });

  it('exits 1 with a clear message for a directory', () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    const result = cli('patterns', path, '--assignments');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${path} is a directory, not a file`);
  });

  it('exits 2 without a file argument', () => {
    const result = cli('patterns', '--assignments');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('patterns needs a file');
    expect(result.stderr).toContain("Run 'incidentiq --help' for usage.");
  });

  it('exits 2 on an unknown option', () => {
    const path = write('ok.txt', 'hello\n');
    const result = cli('patterns', path, '--assignmentz');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('unknown option --assignmentz');
  });

  it('prints usage with --help and exits 0', () => {
    const result = cli('--help');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Usage:');
    expect(result.stdout).toContain('incidentiq patterns <file> [--assignments] [--top N]');
    expect(result.stdout).toContain('--assignments');
  });
});
