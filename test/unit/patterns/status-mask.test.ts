import { describe, expect, it } from 'vitest';
import {
  maskedKeyHash,
  maskTokens,
  TemplateMiner,
  tokenize,
} from '../../../shared/analysis/patterns/index.ts';
import { keyHash } from '../../../shared/analysis/patterns/masked-key.ts';

const access = (ip: string, path: string, status: number, bytes: number) =>
  `${ip} - - [03/Mar/2026:09:1${bytes % 10}:00 +0000] "GET ${path} HTTP/1.1" ${status} ${bytes} "-" "curl/8.1" 0.${bytes % 97}`;

describe('access-log status codes', () => {
  it('keeps the status after the request and masks the numbers around it', () => {
    const masked = maskTokens(tokenize(access('10.1.2.3', '/cart', 503, 1200))).join(' ');
    expect(masked).toContain('HTTP/<*>" 503 <*>');
    expect(masked).not.toContain('1200');
  });

  it('masks a three-digit number anywhere else', () => {
    expect(maskTokens(tokenize('retry 503 of 900 failed')).join(' ')).toBe('retry <*> of <*> failed');
    expect(maskTokens(tokenize('"GET /a HTTP/1.1" status: 504 len: 12')).join(' ')).toContain('status: <*>');
  });

  it('hashes the same on the fast path as the exact masked line', () => {
    for (const status of [200, 404, 503, 504]) {
      const line = access('10.0.0.9', '/pay', status, 4242);
      expect(maskedKeyHash(line)).toBe(keyHash(maskTokens(tokenize(line)).join(' ')));
    }
  });

  it('mines 503s and 504s as two templates, even beside other statuses', () => {
    const miner = new TemplateMiner();
    const handles = new Map<number, number[]>();
    for (let i = 0; i < 40; i++) {
      for (const status of [500, 503, 504]) {
        const h = miner.add(access(`10.0.${i}.1`, '/checkout', status, 1000 + i));
        handles.set(status, [...(handles.get(status) ?? []), h]);
      }
    }
    const templatesOf = (status: number) =>
      new Set((handles.get(status) ?? []).map((h) => miner.templateOf(h)));
    const t503 = templatesOf(503);
    const t504 = templatesOf(504);
    expect(t503.size).toBe(1);
    expect(t504.size).toBe(1);
    expect([...t503][0]).toContain('" 503 ');
    expect([...t504][0]).toContain('" 504 ');
    expect([...t503][0]).not.toBe([...t504][0]);
  });
});
