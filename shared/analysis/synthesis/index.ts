export { fiveWhys } from './five-whys.ts';
export { fixRecommendations, MAX_FIXES } from './fix-recommendations.ts';
export type { ChangeSummary, NarrativeInput, Platform } from './narrative-input.ts';
export { counterfactual, systemicRootCause } from './systemic.ts';
