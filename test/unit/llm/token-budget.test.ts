import { describe, expect, it } from 'vitest';
import {
  clip,
  estimateRequestTokens,
  estimateTokens,
  fitToBudget,
  truncateToTokens,
} from '../../../shared/llm/token-budget.ts';

describe('estimateTokens', () => {
  it('counts four ASCII characters a token, rounded up, and any other character as a token', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('日本語')).toBe(3);
    expect(estimateTokens('héllo')).toBe(2);
  });

  it('counts the system text, every message and the tool schema of a request', () => {
    const request = {
      system: 'x'.repeat(400),
      messages: [{ role: 'user' as const, text: 'y'.repeat(800) }],
      tool: { name: 't', description: 'd', inputSchema: { type: 'object' } },
    };
    expect(estimateRequestTokens(request)).toBeGreaterThanOrEqual(
      100 + 200 + estimateTokens(JSON.stringify(request.tool)),
    );
  });
});

describe('fitToBudget', () => {
  const list = (name: string, n: number, floors: number[], chars = 40) => ({
    name,
    items: Array.from({ length: n }, (_, i) => ({ text: `${name}-${i} ${'x'.repeat(chars)}`, order: n - i })),
    total: n * 10,
    floors,
  });

  it('keeps everything under a roomy budget but still says what the caps left out', () => {
    const fitted = fitToBudget(100, [list('a', 3, [1])], 10_000);
    expect(fitted.lists.get('a')).toHaveLength(3);
    expect(fitted.trimmed).toStrictEqual(['a: kept 3 of 30']);
  });

  it('cuts the first list to its floor before touching the next, and orders what it keeps', () => {
    const fitted = fitToBudget(0, [list('a', 10, [2]), list('b', 10, [2])], 150);
    const a = fitted.lists.get('a') ?? [];
    expect(a).toHaveLength(2);
    expect(a[0]).toMatch(/^a-1 /);
    expect(fitted.lists.get('b')?.length).toBeGreaterThan(2);
    expect(fitted.tokens).toBeLessThanOrEqual(150);
  });

  it('goes down to nothing when the floors do not fit', () => {
    const fitted = fitToBudget(1_000, [list('a', 5, [3]), list('b', 5, [3])], 1_010);
    expect(fitted.lists.get('a')).toStrictEqual([]);
    expect(fitted.tokens).toBeLessThanOrEqual(1_010);
  });
});

describe('truncateToTokens and clip', () => {
  it('cuts to the budget and says so', () => {
    const cut = truncateToTokens('word '.repeat(1_000), 50);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(50);
    expect(cut).toMatch(/\[\.\.\.cut to fit the token budget]$/);
    expect(truncateToTokens('short', 50)).toBe('short');
  });

  it('flattens and shortens one line', () => {
    expect(clip('a\n  b', 10)).toBe('a b');
    expect(clip('x'.repeat(20), 10)).toBe('xxxxxxx...');
  });
});
