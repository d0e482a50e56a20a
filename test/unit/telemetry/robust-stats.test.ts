import { describe, expect, it } from 'vitest';
import {
  changePoint,
  mad,
  median,
  quantile,
  robustScale,
  robustShift,
} from '../../../shared/analysis/telemetry/robust-stats.ts';

describe('robust statistics', () => {
  it('takes medians and MADs without being moved by one outlier', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(mad([1, 2, 3, 4, 1000])).toBe(1);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
  });

  it('selects the same median and MAD as a full sort, whatever the order, repeats or size', () => {
    const sortedMedian = (v: number[]) => {
      const s = Float64Array.from(v).sort();
      const m = s.length >> 1;
      return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
    };
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const n of [1, 2, 3, 4, 5, 10, 11, 64, 399, 400, 2001]) {
      const shapes = [
        Array.from({ length: n }, () => Math.round(next() * 20)),
        Array.from({ length: n }, (_, i) => i),
        Array.from({ length: n }, (_, i) => n - i),
        Array.from({ length: n }, () => 42),
        Array.from({ length: n }, (_, i) => (i % 2 ? 1e9 : -1e9 * next())),
      ];
      for (const values of shapes) {
        const copy = [...values];
        expect(median(values)).toBe(sortedMedian(values));
        const c = sortedMedian(values);
        expect(mad(values)).toBe(sortedMedian(values.map((v) => Math.abs(v - c))));
        expect(values).toEqual(copy);
      }
    }
  });

  it('puts a NaN last as a sort does instead of losing the order', () => {
    expect(median([3, Number.NaN, 1])).toBe(3);
    expect(Number.isNaN(mad([1, 2], Number.NaN))).toBe(true);
  });

  it('floors the scale of a flat baseline at a share of its level', () => {
    expect(robustScale([50, 50, 50])).toBeCloseTo(2.5);
    expect(robustScale([0, 0, 0])).toBeGreaterThan(0);
  });

  it('measures a shift in robust standard deviations of the baseline', () => {
    const s = robustShift([10, 11, 9, 10, 10], [20, 21, 19]);
    expect(s?.baselineMedian).toBe(10);
    expect(s?.incidentMedian).toBe(20);
    expect(s?.z).toBeGreaterThan(5);
    expect(robustShift([], [1])).toBeNull();
  });

  it('finds the step of a series and where a ramp began', () => {
    const step = changePoint([5, 6, 5, 4, 5, 6, 5, 30, 31, 29, 30]);
    expect(step?.index).toBe(7);
    expect(step?.z).toBeGreaterThan(10);
    const ramp = changePoint([2, 2.1, 1.9, 2, 2, 20, 60, 110, 160, 210]);
    expect(ramp?.index).toBe(5);
  });

  it('places a step in its last few points where the step is, not a few flat points before it', () => {
    // A fault share flat at zero for half an hour, then at 0.8 and 1 for the last four minutes.
    const tail = changePoint([...Array.from({ length: 32 }, () => 0), 0.8, 1, 1, 1]);
    expect(tail?.index).toBe(32);
    expect(tail?.before).toBe(0);
    expect(tail?.after).toBe(1);
  });

  it('finds no change in a series too short to split', () => {
    expect(changePoint([1, 2, 3])).toBeNull();
  });
});
