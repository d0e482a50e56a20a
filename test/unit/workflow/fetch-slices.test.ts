import { describe, expect, it } from 'vitest';
import { DEFAULT_SLICING, type FetchSlice, planFetchSlices } from '../../../shared/workflow/fetch-slices.ts';

const T0 = Date.parse('2026-04-08T10:00:00.000Z') + 123;
const MIN = 60_000;

/** Every slice of `group`, in the order planned. */
const ofGroup = (slices: FetchSlice[], group: string) => slices.filter((s) => s.logGroups.includes(group));

describe('planFetchSlices', () => {
  it('cuts a 70-minute window into contiguous slices per group, covering it exactly, in time order', () => {
    const window = { startTime: T0, endTime: T0 + 70 * MIN - 1 };

    const slices = planFetchSlices(['/ecs/a', '/ecs/b'], window);

    // 15-minute slices: 5 per group, each group's slices listed together.
    expect(slices).toHaveLength(10);
    expect(slices.slice(0, 5).every((s) => s.logGroups[0] === '/ecs/a')).toBe(true);
    for (const group of ['/ecs/a', '/ecs/b']) {
      const mine = ofGroup(slices, group);
      expect(mine[0]?.startTime).toBe(window.startTime);
      expect(mine.at(-1)?.endTime).toBe(window.endTime);
      for (let k = 1; k < mine.length; k++) {
        // No gap, no overlap: inclusive ends, the next starts one millisecond later.
        expect(mine[k]?.startTime).toBe((mine[k - 1]?.endTime ?? 0) + 1);
      }
      for (const s of mine) expect(s.endTime - s.startTime + 1).toBeLessThanOrEqual(DEFAULT_SLICING.sliceMs);
      // Only the window's first and last slices are open-ended.
      expect(mine.map((s) => [s.openStart ?? false, s.openEnd ?? false])).toEqual([
        [true, false],
        [false, false],
        [false, false],
        [false, false],
        [false, true],
      ]);
    }
  });

  it('reads a window shorter than a slice in one slice per group, open at both ends', () => {
    const slices = planFetchSlices(['/ecs/a', '/ecs/b', '/ecs/a'], { startTime: T0, endTime: T0 + 5 * MIN });

    expect(slices).toEqual([
      { logGroups: ['/ecs/a'], startTime: T0, endTime: T0 + 5 * MIN, openStart: true, openEnd: true },
      { logGroups: ['/ecs/b'], startTime: T0, endTime: T0 + 5 * MIN, openStart: true, openEnd: true },
    ]);
  });

  it('never plans more than maxSlices: fewer time slices per group, then several groups per slice', () => {
    const window = { startTime: T0, endTime: T0 + 24 * 60 * MIN };
    const twenty = Array.from({ length: 20 }, (_, i) => `/ecs/g${i}`);
    const many = Array.from({ length: 150 }, (_, i) => `/ecs/g${i}`);

    const fewGroups = planFetchSlices(twenty, window);
    const manyGroups = planFetchSlices(many, window);

    // 96 slices wanted per group; 64 / 20 groups leaves 3 each.
    expect(fewGroups).toHaveLength(60);
    for (const group of twenty) expect(ofGroup(fewGroups, group)).toHaveLength(3);
    expect(manyGroups.length).toBeLessThanOrEqual(DEFAULT_SLICING.maxSlices);
    // Every group in exactly one batch, each batch over the whole window.
    expect(manyGroups.flatMap((s) => s.logGroups).sort()).toEqual([...many].sort());
    for (const s of manyGroups) expect([s.startTime, s.endTime]).toEqual([window.startTime, window.endTime]);
    expect(JSON.stringify(manyGroups).length).toBeLessThan(16 * 1024);
  });

  it('is exhaustive for any window length and slice count: every millisecond in exactly one slice', () => {
    for (const [length, sliceMs] of [
      [1, 1],
      [7, 2],
      [1000, 3],
      [999_999, 77_777],
      [3, 1000],
    ] as const) {
      const window = { startTime: T0, endTime: T0 + length - 1 };
      const slices = planFetchSlices(['/g'], window, { ...DEFAULT_SLICING, sliceMs });
      expect(slices.length).toBe(
        Math.max(1, Math.min(Math.ceil((length - 1) / sliceMs), DEFAULT_SLICING.maxSlices)),
      );
      expect(slices.reduce((n, s) => n + (s.endTime - s.startTime + 1), 0)).toBe(length);
      for (const s of slices) expect(s.endTime).toBeGreaterThanOrEqual(s.startTime);
    }
  });

  it('plans nothing for no group or an empty window', () => {
    expect(planFetchSlices([], { startTime: T0, endTime: T0 + MIN })).toEqual([]);
    expect(planFetchSlices(['/g'], { startTime: T0, endTime: T0 - 1 })).toEqual([]);
  });
});
