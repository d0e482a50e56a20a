import { buildContext, isInconclusive, sentence } from './context.ts';
import { inconclusiveCounterfactual, inconclusiveSystemic } from './inconclusive.ts';
import type { NarrativeInput } from './narrative-input.ts';
import { STORIES } from './stories.ts';

/** The process or design gap that let this class of fault happen, in one paragraph. */
export function systemicRootCause(input: NarrativeInput): string {
  const c = buildContext(input);
  if (isInconclusive(input) || input.faultClass === 'unknown') return sentence(inconclusiveSystemic(c));
  return sentence(STORIES[input.faultClass].systemic(c));
}

/** "Had …, the … would …": what would have prevented or contained the fault. */
export function counterfactual(input: NarrativeInput): string {
  if (isInconclusive(input) || input.faultClass === 'unknown') return inconclusiveCounterfactual();
  return sentence(STORIES[input.faultClass].counterfactual(buildContext(input)));
}
