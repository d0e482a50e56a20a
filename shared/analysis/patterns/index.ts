export { fnv1a64Hex } from './hash.ts';
export { LaneTable } from './lane-table.ts';
export { isVariableToken, maskToken, maskTokens, WILDCARD } from './mask.ts';
export { keyHash, maskedKeyHash } from './masked-key.ts';
export {
  EMPTY_TEMPLATE,
  type MinerOptions,
  type MiningWindow,
  OVERFLOW_TEMPLATE,
  TemplateMiner,
  type TemplateSummary,
  templateId,
} from './miner.ts';
export { tokenize } from './tokenize.ts';
