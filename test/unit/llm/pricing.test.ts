import { describe, expect, it } from 'vitest';
import { estimateCostUsd, priceOf } from '../../../shared/llm/pricing.ts';

describe('estimateCostUsd', () => {
  it('prices Nova Pro per 1,000 tokens in and out', () => {
    expect(estimateCostUsd('amazon.nova-pro-v1:0', { inputTokens: 1_000, outputTokens: 1_000 })).toBe(0.004);
  });

  it('finds the model inside an inference profile id, the most specific entry first', () => {
    expect(priceOf('us.amazon.nova-lite-v1:0')).toStrictEqual({ inputPer1k: 0.00006, outputPer1k: 0.00024 });
    expect(priceOf('eu.anthropic.claude-3-5-haiku-20241022-v1:0')?.inputPer1k).toBe(0.0008);
    expect(priceOf('anthropic.claude-3-haiku-20240307-v1:0')?.inputPer1k).toBe(0.00025);
    expect(priceOf('global.anthropic.claude-opus-4-5-20251101-v1:0')?.inputPer1k).toBe(0.005);
    expect(priceOf('anthropic.claude-opus-4-1-20250805-v1:0')?.inputPer1k).toBe(0.015);
  });

  it('is null for a model it has no price for, and takes a table of its own', () => {
    expect(
      estimateCostUsd('meta.llama3-70b-instruct-v1:0', { inputTokens: 10, outputTokens: 10 }),
    ).toBeNull();
    expect(
      estimateCostUsd(
        'meta.llama3-70b',
        { inputTokens: 2_000, outputTokens: 0 },
        { 'meta.llama3-70b': { inputPer1k: 0.00265, outputPer1k: 0.0035 } },
      ),
    ).toBe(0.0053);
  });
});
