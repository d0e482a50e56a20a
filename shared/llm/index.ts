export { modelSynthesis } from './model-synthesis.ts';
export {
  NARRATIVE_TOOL_NAME,
  type Narrative,
  narrativeJsonSchema,
  narrativeSchema,
} from './narrative-schema.ts';
export { DEFAULT_PRICE_TABLE, estimateCostUsd, type ModelPrice, type PriceTable } from './pricing.ts';
export { buildNarrativePrompt, type NarrativePrompt } from './prompt.ts';
export {
  DEFAULT_SYNTHESIS_DEADLINE_MS,
  type SynthesisOptions,
  type SynthesisResult,
  type SynthesisUsage,
  synthesizeWithModel,
} from './synthesize.ts';
export { DEFAULT_BUDGET_TOKENS, estimateRequestTokens, estimateTokens } from './token-budget.ts';
export { type AnswerCheck, type FieldIssue, validateAnswer } from './validate.ts';
