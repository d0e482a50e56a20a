import { describe, expect, it } from 'vitest';
import { withPastResolutions } from '../../../shared/analysis/similarity/past-resolutions.ts';
import type { FixRecommendation } from '../../../shared/domain/fix-recommendation.ts';
import { fixRecommendationsSchema } from '../../../shared/domain/fix-recommendation.ts';
import type { SimilarIncident } from '../../../shared/domain/similar-incident.ts';

const fixes: FixRecommendation[] = [
  'Roll back',
  'Bound the cache',
  'Add memory',
  'Autoscale',
  'Soak test',
].map((title, i) => ({ rank: i + 1, title, rationale: `${title} helps.`, action: `${title} now.` }));

function similar(id: string, overrides: Partial<SimilarIncident> = {}): SimilarIncident {
  return {
    incidentId: id,
    title: `Memory exhaustion in payment-service (${id})`,
    similarity: 0.9,
    faultClass: 'memory_exhaustion',
    rootCause: 'payment-service ran out of memory',
    occurredAt: '2026-04-08T14:43:00.000Z',
    ...overrides,
  };
}

describe('withPastResolutions', () => {
  it('puts what fixed a confirmed recurrence first and re-ranks the rest', () => {
    const out = withPastResolutions(fixes, [
      similar('INC-0000000a', {
        verdict: 'confirmed',
        resolution: 'Evict the coupon cache; raise the heap.',
      }),
    ]);

    expect(out[0]).toMatchObject({
      rank: 1,
      title: 'Apply what fixed INC-0000000a (Memory exhaustion in payment-service (INC-0000000a))',
      action: 'Evict the coupon cache; raise the heap.',
    });
    expect(out[0]?.rationale).toContain('confirmed');
    expect(out.map((f) => f.title).slice(1)).toEqual([
      'Roll back',
      'Bound the cache',
      'Add memory',
      'Autoscale',
    ]);
    expect(fixRecommendationsSchema.safeParse(out).success).toBe(true);
  });

  it('puts confirmed resolutions before corrected ones, at most two', () => {
    const out = withPastResolutions(fixes, [
      similar('INC-0000000b', { similarity: 0.95, verdict: 'corrected', resolution: 'Fix B.' }),
      similar('INC-0000000a', { similarity: 0.8, verdict: 'confirmed', resolution: 'Fix A.' }),
      similar('INC-0000000c', { similarity: 0.8, verdict: 'confirmed', resolution: 'Fix C.' }),
    ]);

    expect(out.slice(0, 3).map((f) => f.action)).toEqual(['Fix A.', 'Fix C.', 'Roll back now.']);
    expect(out).toHaveLength(5);
  });

  it('leaves the fixes alone without a resolution, or for a weak match', () => {
    expect(withPastResolutions(fixes, [similar('INC-0000000a', { verdict: 'confirmed' })])).toEqual(fixes);
    expect(
      withPastResolutions(fixes, [similar('INC-0000000a', { similarity: 0.4, resolution: 'Fix A.' })]),
    ).toEqual(fixes);
  });

  it('does not repeat a fix whose action is the resolution', () => {
    const out = withPastResolutions(fixes, [similar('INC-0000000a', { resolution: 'Roll back now.' })]);

    expect(out.filter((f) => f.action === 'Roll back now.')).toHaveLength(1);
    expect(out[0]?.title).toMatch(/^Apply what fixed INC-0000000a/);
  });
});
