import { describe, expect, it } from 'vitest';
import {
  incidentSignature,
  MAX_SIGNATURE_WORDS,
  signatureSimilarity,
  templateWords,
  tokenKind,
} from '../../../shared/analysis/similarity/signature.ts';
import type { Report } from '../../../shared/domain/report.ts';
import { analyzeFixture, CACHE_LEAK } from './incident-fixtures.ts';

describe('incidentSignature', () => {
  const report = analyzeFixture(CACHE_LEAK);
  const signature = incidentSignature(report);

  it('holds the fault class, the root service and the services with their roles', () => {
    expect(signature).toEqual(
      expect.arrayContaining([
        'class:memory_exhaustion',
        'root:itinerary-service',
        'service:itinerary-service:api',
        'service:booking-edge:gateway',
      ]),
    );
  });

  it('holds the constant words of the new templates, variables masked', () => {
    expect(signature).toEqual(expect.arrayContaining(['oomkilled', 'memory', 'container']));
    expect(signature.filter((t) => tokenKind(t) === 'word').every((w) => !/<|\*|\d{3}/.test(w))).toBe(true);
  });

  it('is sorted, without duplicates', () => {
    expect([...signature].sort()).toEqual(signature);
    expect(new Set(signature).size).toBe(signature.length);
  });

  it('leaves noise templates out and bounds the words', () => {
    const many = Array.from({ length: 80 }, (_, i) => ({
      template: `failure number${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))} happened`,
      count: 1,
      baselineCount: 0,
      services: ['a'],
      status: 'new',
    }));
    const noisy: Report = {
      ...report,
      evidence: {
        ...report.evidence,
        patterns: [
          {
            template: 'flapping metrics agent',
            count: 9,
            baselineCount: 9,
            services: ['m'],
            status: 'noise',
          },
          ...many,
        ],
      },
    };
    const words = incidentSignature(noisy).filter((t) => tokenKind(t) === 'word');
    expect(words).not.toContain('flapping');
    expect(words).toHaveLength(MAX_SIGNATURE_WORDS);
  });
});

describe('templateWords', () => {
  it('drops variables, stop words, short words and leftover ids', () => {
    expect(
      templateWords('Container <*> in pod ord_916314 was OOMKilled (exit code <*>) and stop...'),
    ).toEqual(['container', 'pod', 'oomkilled', 'exit', 'code', 'stop']);
  });
});

describe('signatureSimilarity (first version, kept)', () => {
  it('is 1 for the same signature and weighs structure over words', () => {
    const a = ['class:disk_full', 'root:db', 'space', 'device'];
    expect(signatureSimilarity(a, a)).toBe(1);
    expect(signatureSimilarity(a, ['class:disk_full', 'root:db'])).toBeGreaterThan(
      signatureSimilarity(a, ['space', 'device']),
    );
    expect(signatureSimilarity([], [])).toBe(0);
  });
});
