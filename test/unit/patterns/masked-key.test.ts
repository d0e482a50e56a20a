import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/generate-messages.ts';
import { keyHash, maskedKeyHash, maskTokens, tokenize } from '../../../shared/analysis/patterns/index.ts';
import { loadFixture } from './loghub-fixture.ts';

const PIECES = [
  'GET',
  'HTTP/1.1"',
  '503',
  '504',
  'user',
  'KB)',
  'sec',
  'ms,',
  'bytes',
  '(',
  ')',
  '()',
  '[]',
  'Jan',
  'Fri,',
  'May',
  'x=1',
  'a=b',
  '10.0.0.1:80',
  '"q"',
  "'v'",
  '#',
  '|',
  '/a/b1/c',
  '0x1f',
  '12',
  '3.5',
  '-',
  '—',
  'ü',
  '😀',
  'uid=0',
  '(1.2',
  'MB)',
  'Sept.',
  'µs',
  'KB',
  'KB))))))))))',
  '%',
  'h',
  'ERROR',
  '{"a":1}',
  '<>',
  '2026-05-24T11:20:06Z',
];
const SPACES = [' ', '  ', '\t', ' \r ', '\u000b'];

function randomLine(r: () => number): string {
  const n = Math.floor(r() * 12);
  let line = r() < 0.2 ? ' ' : '';
  for (let i = 0; i < n; i++) {
    line += PIECES[Math.floor(r() * PIECES.length)];
    line += r() < 0.15 ? '' : SPACES[Math.floor(r() * SPACES.length)];
  }
  return line;
}

function slowHash(line: string): number {
  return keyHash(maskTokens(tokenize(line)).join(' '));
}

describe('maskedKeyHash (the one-pass hot path)', () => {
  it('equals the hash of the exactly masked line for random lines', () => {
    const r = mulberry32(7);
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      const line = randomLine(r);
      const fast = maskedKeyHash(line);
      if (fast === -1) continue;
      expect(fast, JSON.stringify(line)).toBe(slowHash(line));
      checked++;
    }
    expect(checked).toBeGreaterThan(15_000);
  });

  it('equals the hash of the exactly masked line on real Loghub lines', () => {
    for (const name of ['OpenStack', 'Proxifier', 'HealthApp', 'Apache']) {
      for (const line of loadFixture(name).contents) {
        const fast = maskedKeyHash(line);
        if (fast !== -1) expect(fast, line).toBe(slowHash(line));
      }
    }
  });

  it('sends long lines and pre-masked input to the exact path', () => {
    expect(maskedKeyHash('x '.repeat(400))).toBe(-1);
    expect(maskedKeyHash('already <*> masked')).toBe(-1);
  });

  it('gives lines of one template the same hash and other templates another', () => {
    expect(maskedKeyHash('user 1 logged in from 10.0.0.1')).toBe(
      maskedKeyHash('user 22 logged in from 10.9.8.7'),
    );
    expect(maskedKeyHash('user 1 logged in')).not.toBe(maskedKeyHash('user 1 logged out'));
  });
});
