import { buildContext, isInconclusive, sentence } from './context.ts';
import { inconclusiveCounterfactual, inconclusiveSystemic } from './inconclusive.ts';
import type { NarrativeInput } from './narrative-input.ts';
import { storyOf } from './stories.ts';

/** The process or design gap that let this class of fault happen, in one paragraph. */
export function systemicRootCause(input: NarrativeInput): string {
  const c = buildContext(input);
  if (isInconclusive(input) || input.faultClass === 'unknown') return sentence(inconclusiveSystemic(c));
  return sentence(storyOf(input, input.faultClass).systemic(c));
}

/** "Had …, the … would …": what would have prevented or contained the fault. */
export function counterfactual(input: NarrativeInput): string {
  if (isInconclusive(input) || input.faultClass === 'unknown') return inconclusiveCounterfactual();
  return sentence(storyOf(input, input.faultClass).counterfactual(buildContext(input)));
}
