import { after, type ClassStory, callersOf, spared } from './story.ts';

/**
 * The origin is clear but no known mechanism names the fault: the story says what was seen and
 * what remains to be found, and claims no cause the evidence does not hold.
 */
export const otherStory: ClassStory = {
  state: () => 'failing on its own, before anything it depends on',
  mechanism: (c) =>
    `Because ${c.root} began logging a failure it had not logged before, ${c.signal}, ahead of every other service whose behaviour changed${after(c)}.`,
  causeQuestion: (c) => `Why did ${c.root} start failing at that moment?`,
  cause: (c) =>
    `The logs do not say: no resource limit, dependency, configuration or data error is named in them, so the cause lies in what ${c.root} was doing when it first failed (the operation in its failure line, its inputs, and what changed around it).`,
  guardQuestion: (c) => `Why did the failure of ${c.root} reach ${callersOf(c)}?`,
  guardrail: (c) =>
    `Because ${callersOf(c)} passed the failure on instead of containing it, and nothing alarmed on ${c.root}'s own failure line before the alarm on its symptoms.`,
  designQuestion: () => 'Why was the failure seen first through its symptoms?',
  design: (c) =>
    `Because ${c.root}'s failure lines have no alarm of their own: the monitoring watches the effects of a fault rather than the operations that fail.`,
  systemic: (c) =>
    `${c.root} can fail in a way its logs describe only by the failing operation, with no alarm on that failure and no containment in its callers, so the fault is found through its symptoms.`,
  counterfactual: (c) =>
    `Had ${c.root}'s failing operation been alarmed on by its own error rate, the failure would have been seen at its first line, before ${spared(c)} felt it.`,
};
