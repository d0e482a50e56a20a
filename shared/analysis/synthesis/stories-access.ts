import type { NarrativeContext } from './context.ts';
import { after, type ClassStory, spared } from './story.ts';

function limiter(c: NarrativeContext): string {
  if (c.storeKind === 'dynamodb') return c.store ?? 'the DynamoDB table';
  return c.dep ?? 'its provider';
}

function dynamo(c: NarrativeContext): boolean {
  return c.storeKind === 'dynamodb' || /throughput|dynamodb/i.test(c.input.signal);
}

export const throttlingStory: ClassStory = {
  state: (c) => `being throttled by ${limiter(c)}`,
  mechanism: (c) =>
    `Because ${c.root} sent requests to ${limiter(c)} faster than its limit allows, and the excess was rejected${after(c)}.`,
  causeQuestion: (c) => `Why did ${c.root} exceed the limit of ${limiter(c)}?`,
  cause: (c) =>
    dynamo(c)
      ? 'Because its traffic outgrew the provisioned capacity, or concentrated on a few partition keys (a hot partition); bursts above capacity are rejected even when the average fits.'
      : `Because its request rate peaked above the quota: traffic in bursts, retries multiplying the rate, or a quota sized for past traffic${c.changeName ? `; the rate rose after ${c.changeName}` : ''}.`,
  guardQuestion: () => 'Why did throttling turn into failures?',
  guardrail: (c) =>
    `Because ${c.root} retried throttled calls at once instead of backing off with jitter, so the retries kept the rate above the limit, and no queue absorbed the burst.`,
  designQuestion: (c) => `Why is the request rate of ${c.root} not matched to the limit it depends on?`,
  design: (c) =>
    `Because the capacity and quotas of ${limiter(c)} are set once and not reviewed against growth, nothing in ${c.root} knows the limit (no client-side rate limiter, no batching), and load tests do not reach production peaks.`,
  systemic: (c) =>
    `The limit of ${limiter(c)} is a hidden dependency of ${c.root}: it was sized once, is not reviewed against traffic growth, and the client neither smooths its rate nor backs off, so every peak above the limit becomes failed requests amplified by retries.`,
  counterfactual: (c) =>
    `Had ${c.root} retried with exponential backoff and jitter and smoothed its writes through a queue, and had ${limiter(c)} ${dynamo(c) ? 'run in on-demand mode' : 'had a quota sized for the measured peak'}, the burst would have been absorbed as added latency, and ${spared(c)} would not have seen errors.`,
};

function deniedAction(c: NarrativeContext): string | null {
  return /perform:?\s*([a-z0-9-]+:[A-Za-z0-9*]+)/i.exec(c.input.signal)?.[1] ?? null;
}

export const permissionStory: ClassStory = {
  state: () => 'refused access',
  mechanism: (c) => {
    const action = deniedAction(c);
    return `Because the identity ${c.root} runs as is not allowed the action it attempted${action ? ` (${action})` : ''}, so the call was rejected${after(c)}.`;
  },
  causeQuestion: (c) => `Why does the identity of ${c.root} lack that permission?`,
  cause: (c) =>
    c.changeName
      ? `Because ${c.changeName} removed or narrowed a permission ${c.root} relies on, or introduced a call its policy never allowed.`
      : `Because its policy never granted the action on this resource (a new code path or resource the policy was not updated for), or ${c.root} runs under another role or credential than intended.`,
  guardQuestion: () => 'Why was the missing permission found in production?',
  guardrail: () =>
    'Because policies and the code paths that need them are not tested together: no policy simulation or Access Analyzer check in CI, and staging runs with broader permissions than production.',
  designQuestion: () => 'Why are permissions managed apart from the code that needs them?',
  design: (c) =>
    `Because the policies of ${c.root} live outside its repository and release process (edited by hand or by another stack), so a change on one side is never validated against the other.`,
  systemic: (c) =>
    `The permissions of ${c.root} are managed apart from the code that uses them, with no policy simulation in either pipeline and a staging environment more permissive than production, so a missing permission is first found as a denied call in production.`,
  counterfactual: (c) =>
    `Had the role of ${c.root} been defined next to its code, with the actions it calls simulated against the policy in CI, the missing permission would have failed the build${c.changeName ? ` of ${c.changeName}` : ''} instead of production calls.`,
};
