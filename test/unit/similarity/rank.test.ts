import { describe, expect, it } from 'vitest';
import type { IncidentEmbeddings } from '../../../shared/analysis/similarity/embeddings.ts';
import { lexicalSimilarity } from '../../../shared/analysis/similarity/lexical-similarity.ts';
import {
  CONFIRMED_BONUS,
  MIN_SIMILARITY,
  rankSimilar,
  type SimilarityQuery,
} from '../../../shared/analysis/similarity/rank.ts';
import { similarIncidentsSchema } from '../../../shared/domain/similar-incident.ts';
import type { IncidentRecord } from '../../../shared/ports/incident-store.ts';

const NOW = new Date('2026-04-20T12:00:00.000Z');

const current: SimilarityQuery = {
  incidentId: 'INC-00000001',
  rootService: 'payment-service',
  faultClass: 'memory_exhaustion',
  signature: [
    'class:memory_exhaustion',
    'root:payment-service',
    'service:payment-service:api',
    'service:checkout-gateway:gateway',
    'container',
    'oomkilled',
    'heap',
    'limit',
  ],
};

function record(id: string, overrides: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    incidentId: id,
    title: `Incident ${id}`,
    occurredAt: '2026-04-10T00:00:00.000Z',
    alarmName: 'checkout-errors',
    rootService: 'payment-service',
    faultClass: 'memory_exhaustion',
    affectedServices: ['payment-service', 'checkout-gateway'],
    signature: [...current.signature],
    rootCause: 'payment-service ran out of memory.',
    reportLocation: `reports/${id}/report.json`,
    ...overrides,
  };
}

/** Same failure, same place, other words. */
const samePlace = record('INC-0000000a', {
  signature: [
    'class:memory_exhaustion',
    'root:payment-service',
    'service:payment-service:api',
    'gc',
    'pause',
  ],
});
/** Every word the same, but another class in another service. */
const sameWordsElsewhere = record('INC-0000000b', {
  rootService: 'search',
  faultClass: 'cpu_saturation',
  signature: [
    'class:cpu_saturation',
    'root:search',
    'service:search:api',
    'container',
    'oomkilled',
    'heap',
    'limit',
  ],
});
const unrelated = record('INC-0000000c', {
  rootService: 'ledger-db',
  faultClass: 'disk_full',
  signature: ['class:disk_full', 'root:ledger-db', 'service:ledger-db:database', 'space', 'device'],
});

describe('rankSimilar', () => {
  it('ranks the same failure in the same place above the same words elsewhere', () => {
    const ranked = rankSimilar(current, [sameWordsElsewhere, samePlace, unrelated], NOW, {
      minSimilarity: 0,
    });

    expect(ranked.map((s) => s.incidentId)).toEqual(['INC-0000000a', 'INC-0000000b', 'INC-0000000c']);
    expect(ranked[0]?.similarity).toBeGreaterThanOrEqual(0.6);
    expect(ranked[1]?.similarity).toBeLessThanOrEqual(0.4);
  });

  it('gives scores in 0..1, best first, valid similar incidents', () => {
    const ranked = rankSimilar(
      current,
      [record('INC-0000000d'), samePlace, sameWordsElsewhere, unrelated],
      NOW,
      {
        minSimilarity: 0,
      },
    );

    expect(ranked[0]).toMatchObject({ incidentId: 'INC-0000000d', similarity: 1 });
    for (const s of ranked) expect(s.similarity).toBeGreaterThanOrEqual(0);
    expect(similarIncidentsSchema.safeParse(ranked).success).toBe(true);
  });

  it('never lists the incident itself, and lists each past incident once', () => {
    const ranked = rankSimilar(current, [record(current.incidentId), samePlace, samePlace], NOW);

    expect(ranked.map((s) => s.incidentId)).toEqual(['INC-0000000a']);
  });

  it('leaves out what is below the minimum, and honours a limit', () => {
    const ranked = rankSimilar(current, [samePlace, sameWordsElsewhere, unrelated], NOW);

    expect(ranked.every((s) => s.similarity >= MIN_SIMILARITY)).toBe(true);
    expect(ranked.map((s) => s.incidentId)).not.toContain('INC-0000000c');
    expect(rankSimilar(current, [samePlace, record('INC-0000000d')], NOW, { limit: 1 })).toHaveLength(1);
  });

  it('puts a confirmed incident first among comparable scores, with its resolution', () => {
    const confirmed = record('INC-0000000e', {
      occurredAt: '2025-01-01T00:00:00.000Z',
      signature: [...samePlace.signature, 'extra'],
      resolution: 'Raised the heap limit and fixed the coupon cache.',
      feedback: { verdict: 'confirmed', at: '2025-01-02T00:00:00.000Z' },
    });
    const ranked = rankSimilar(current, [samePlace, confirmed], NOW);

    expect(ranked.map((s) => s.incidentId)).toEqual(['INC-0000000e', 'INC-0000000a']);
    expect(ranked[0]).toMatchObject({ verdict: 'confirmed', resolution: confirmed.resolution });
    expect(ranked[1]?.resolution).toBeUndefined();
  });

  it('does not lift an unrelated confirmed incident into the list', () => {
    const confirmedUnrelated = {
      ...unrelated,
      feedback: { verdict: 'confirmed' as const, at: NOW.toISOString() },
    };
    const ranked = rankSimilar(current, [confirmedUnrelated], NOW);

    expect(ranked).toEqual([]);
    expect(CONFIRMED_BONUS).toBeLessThan(MIN_SIMILARITY);
  });

  it('breaks ties by the confirmed one, then by closeness in time', () => {
    const older = record('INC-00000011', { occurredAt: '2026-01-01T00:00:00.000Z' });
    const newer = record('INC-00000012', { occurredAt: '2026-04-19T00:00:00.000Z' });

    expect(rankSimilar(current, [older, newer], NOW).map((s) => s.incidentId)).toEqual([
      'INC-00000012',
      'INC-00000011',
    ]);
  });

  it('shows the corrected root cause of a corrected incident', () => {
    const corrected = record('INC-00000013', {
      feedback: {
        verdict: 'corrected',
        correctedRootCause: 'A coupon cache without eviction.',
        at: NOW.toISOString(),
      },
    });

    expect(rankSimilar(current, [corrected], NOW)[0]).toMatchObject({
      rootCause: 'A coupon cache without eviction.',
      verdict: 'corrected',
    });
  });

  it('blends embeddings in when given, and scores lexically alone without them', () => {
    const embeddings: IncidentEmbeddings = {
      current: [1, 0],
      byIncident: new Map([
        ['INC-0000000a', [0, 1]],
        ['INC-0000000b', [1, 0]],
      ]),
    };
    const lexical = rankSimilar(current, [samePlace, sameWordsElsewhere], NOW, { minSimilarity: 0 });
    const blended = rankSimilar(current, [samePlace, sameWordsElsewhere], NOW, {
      minSimilarity: 0,
      embeddings,
    });
    const score = (list: typeof lexical, id: string) =>
      list.find((s) => s.incidentId === id)?.similarity ?? -1;

    expect(score(blended, 'INC-0000000a')).toBeLessThan(score(lexical, 'INC-0000000a'));
    expect(score(blended, 'INC-0000000b')).toBeGreaterThan(score(lexical, 'INC-0000000b'));
    for (const s of blended) expect(s.similarity).toBeLessThanOrEqual(1);
  });
});

describe('lexicalSimilarity', () => {
  it('does not count two unknown classes or two unknown root services as a match', () => {
    const unknown = { signature: [], rootService: null, faultClass: 'unknown' as const };
    expect(lexicalSimilarity(unknown, unknown)).toBe(0);
  });
});
