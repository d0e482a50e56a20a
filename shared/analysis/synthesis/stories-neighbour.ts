import type { NarrativeContext } from './context.ts';
import { after, type ClassStory } from './story.ts';

function starved(c: NarrativeContext): string {
  return c.input.starved ?? 'the service beside it';
}

/** The services that failed besides the starved one, in a clause (", with a and b"), or nothing. */
function alongside(c: NarrativeContext): string {
  const others = c.callers.filter((s) => s !== c.input.starved);
  return others.length > 0 ? `, and ${others.join(', ')} with it` : '';
}

/**
 * How a noisy neighbour is told: the origin's task, reserving no CPU, took the host it shared with
 * another service, which then ran short of what it needed.
 */
export const neighbourStory: ClassStory = {
  state: (c) => `taking the resources of the host it shared with ${starved(c)}`,
  propagation: (c) => `, and ${starved(c)}, whose task ran beside it, ran short and failed${alongside(c)}`,
  mechanism: (c) =>
    `Because its task reserved no CPU and used what it found on the host, so the task of ${starved(c)} there got too little to serve in time${after(c)}.`,
  causeQuestion: (c) => `Why could ${c.root} take what ${starved(c)} needed?`,
  cause: (c) =>
    `Because it ran with no CPU reservation or limit on a host it shared with ${starved(c)}${c.changeName ? `, and ${c.changeName} used as much as it could get` : ''}.`,
  guardQuestion: (c) => `Why was ${c.root} placed beside ${starved(c)}?`,
  guardrail: (c) =>
    `Because nothing keeps heavy batch work off the hosts of latency-sensitive services (no placement constraint, no capacity of its own), and the scheduler counts only reserved resources, of which ${c.root} declared none.`,
  designQuestion: () => 'Why do batch tasks run without resource reservations?',
  design: (c) =>
    `Because the task definition of ${c.root} was written without CPU or memory reservations and limits, so the scheduler cannot account for it and the other tasks on its host pay for its peaks.`,
  systemic: (c) =>
    `${c.root} runs without a CPU reservation or limit on hosts it shares with ${starved(c)}, so the scheduler cannot account for it and each heavy run takes what the services beside it need.`,
  counterfactual: (c) =>
    `Had ${c.root}'s task reserved and been limited to the CPU it uses, or run on capacity of its own, ${starved(c)} would have kept its share of the host and kept answering in time.`,
};
