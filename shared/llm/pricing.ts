/** USD per 1,000 tokens. */
export interface ModelPrice {
  inputPer1k: number;
  outputPer1k: number;
}

/** Keyed by a fragment of the model id; the longest fragment found in the id wins. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * Bedrock on-demand prices (USD per 1,000 tokens, us-east-1, standard tier) as published on
 * https://aws.amazon.com/bedrock/pricing/ in 2025. Matching by fragment covers the geographic
 * inference profiles (`us.`, `eu.`, `apac.`, `global.` prefixes), whose prices can differ by a few
 * percent: the figure is an estimate, and a deployment can pass its own table.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  'amazon.nova-micro': { inputPer1k: 0.000035, outputPer1k: 0.00014 },
  'amazon.nova-lite': { inputPer1k: 0.00006, outputPer1k: 0.00024 },
  'amazon.nova-pro': { inputPer1k: 0.0008, outputPer1k: 0.0032 },
  'amazon.nova-premier': { inputPer1k: 0.0025, outputPer1k: 0.0125 },
  'anthropic.claude-3-haiku': { inputPer1k: 0.00025, outputPer1k: 0.00125 },
  'anthropic.claude-3-5-haiku': { inputPer1k: 0.0008, outputPer1k: 0.004 },
  'anthropic.claude-haiku-4-5': { inputPer1k: 0.001, outputPer1k: 0.005 },
  'anthropic.claude-3-sonnet': { inputPer1k: 0.003, outputPer1k: 0.015 },
  'anthropic.claude-3-5-sonnet': { inputPer1k: 0.003, outputPer1k: 0.015 },
  'anthropic.claude-3-7-sonnet': { inputPer1k: 0.003, outputPer1k: 0.015 },
  'anthropic.claude-sonnet-4': { inputPer1k: 0.003, outputPer1k: 0.015 },
  'anthropic.claude-3-opus': { inputPer1k: 0.015, outputPer1k: 0.075 },
  'anthropic.claude-opus-4': { inputPer1k: 0.015, outputPer1k: 0.075 },
  'anthropic.claude-opus-4-5': { inputPer1k: 0.005, outputPer1k: 0.025 },
};

export function priceOf(modelId: string, table: PriceTable = DEFAULT_PRICE_TABLE): ModelPrice | null {
  const id = modelId.toLowerCase();
  const key = Object.keys(table)
    .filter((k) => id.includes(k.toLowerCase()))
    .sort((a, b) => b.length - a.length)[0];
  return key === undefined ? null : (table[key] ?? null);
}

/** The estimated cost of the tokens used, rounded to a millionth of a dollar; null for an unpriced model. */
export function estimateCostUsd(
  modelId: string,
  usage: { inputTokens: number; outputTokens: number },
  table: PriceTable = DEFAULT_PRICE_TABLE,
): number | null {
  const price = priceOf(modelId, table);
  if (!price) return null;
  const usd = (usage.inputTokens / 1000) * price.inputPer1k + (usage.outputTokens / 1000) * price.outputPer1k;
  return Math.round(usd * 1e6) / 1e6;
}
