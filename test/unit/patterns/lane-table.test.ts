import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/generate-messages.ts';
import { LaneTable } from '../../../shared/analysis/patterns/index.ts';

describe('LaneTable', () => {
  it('stores and finds values under two-lane keys through growth, like a Map', () => {
    const table = new LaneTable(4);
    const reference = new Map<string, number>();
    const r = mulberry32(5);
    for (let i = 0; i < 50_000; i++) {
      const a = Math.floor(r() * 2 ** 32) | 0;
      const b = i % 7 === 0 ? 0 : Math.floor(r() * 2 ** 32) | 0;
      table.set(a, b, i);
      reference.set(`${a}/${b}`, i);
    }
    expect(table.size).toBe(reference.size);
    for (const [key, value] of reference) {
      const [a, b] = key.split('/').map(Number) as [number, number];
      expect(table.get(a, b)).toBe(value);
    }
  });

  it('tells keys that share one lane apart, and answers -1 for a missing key', () => {
    const table = new LaneTable();
    table.set(1, 2, 10);
    table.set(1, 3, 11);
    table.set(-5, 2, 12);
    expect([table.get(1, 2), table.get(1, 3), table.get(-5, 2), table.get(2, 1)]).toEqual([10, 11, 12, -1]);
    table.set(1, 2, 0);
    expect(table.get(1, 2)).toBe(0);
    expect(table.size).toBe(3);
  });
});
