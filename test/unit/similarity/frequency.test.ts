import { describe, expect, it } from 'vitest';
import { frequencyLabel } from '../../../shared/analysis/similarity/frequency.ts';

const NOW = new Date('2026-06-30T00:00:00.000Z');
const daysAgo = (days: number, similarity = 0.9) => ({
  similarity,
  occurredAt: new Date(NOW.getTime() - days * 86_400_000).toISOString(),
});

describe('frequencyLabel', () => {
  it('is new when nothing similar happened before', () => {
    expect(frequencyLabel([], NOW)).toEqual({ label: 'new', last30Days: 0, last90Days: 0 });
  });

  it('is rare for one recurrence, or for recurrences long ago', () => {
    expect(frequencyLabel([daysAgo(10)], NOW)).toEqual({ label: 'rare', last30Days: 1, last90Days: 1 });
    expect(frequencyLabel([daysAgo(200), daysAgo(300), daysAgo(400)], NOW)).toEqual({
      label: 'rare',
      last30Days: 0,
      last90Days: 0,
    });
  });

  it('is recurring with two in 30 days or three in 90', () => {
    expect(frequencyLabel([daysAgo(1), daysAgo(29)], NOW).label).toBe('recurring');
    expect(frequencyLabel([daysAgo(40), daysAgo(60), daysAgo(89)], NOW)).toEqual({
      label: 'recurring',
      last30Days: 0,
      last90Days: 3,
    });
  });

  it('counts only incidents similar enough, and none after now', () => {
    expect(frequencyLabel([daysAgo(1, 0.4), daysAgo(2, 0.5), daysAgo(-3)], NOW)).toEqual({
      label: 'new',
      last30Days: 0,
      last90Days: 0,
    });
    expect(frequencyLabel([daysAgo(1, 0.4), daysAgo(2, 0.5)], NOW, 0.4).label).toBe('recurring');
  });
});
