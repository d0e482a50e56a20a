import type { NarrativeContext } from './context.ts';
import { after, type ClassStory, spared } from './story.ts';

function release(c: NarrativeContext): string {
  return c.changeName ?? `the new release of ${c.root}`;
}

export const badDeploymentStory: ClassStory = {
  state: () => 'failing requests after its new release',
  mechanism: (c) =>
    `Because the errors began as soon as ${release(c)} started taking traffic, and nothing else explains them: no resource limit, dependency or configuration error appears in the logs.`,
  causeQuestion: () => 'Why does the new release fail where the previous one did not?',
  cause: (c) =>
    `Because ${release(c)} contains a defect on the path that logs ${c.signal}: a code or dependency change that behaves differently with production traffic or data than in testing.`,
  guardQuestion: (c) => `Why did the defect reach all of the traffic of ${c.root}?`,
  guardrail: () =>
    'Because the rollout replaced the working release at once, without a canary or automatic rollback on error rate, and the readiness check passed although real requests failed.',
  designQuestion: () => 'Why do releases go out without a canary or error-based rollback?',
  design: () =>
    'Because the deployment process trusts pre-production tests to catch defects and has no progressive delivery step that compares the error rate of the new release with the old one before shifting all traffic.',
  systemic: (c) =>
    `Releases of ${c.root} go to all traffic at once, gated only by pre-production tests and a readiness check; there is no canary, no comparison of error rates between old and new release, and no automatic rollback, so a defect that testing misses reaches every user before anyone can react.`,
  counterfactual: (c) =>
    `Had ${c.changeFull ?? release(c)} been rolled out as a canary with automatic rollback on error rate, the errors would have hit a few percent of requests for a few minutes before the rollout reversed itself, and ${spared(c)} would barely have noticed.`,
};

function setting(c: NarrativeContext): string {
  return /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/.exec(c.input.signal)?.[0] ?? 'a required setting';
}

export const configStory: ClassStory = {
  state: () => 'running with missing or invalid configuration',
  mechanism: (c) =>
    `Because ${setting(c)} was missing or invalid in the environment ${c.root} started with${c.change ? `, from ${c.change}` : ''}, so it failed at start or on the first request that needed it.`,
  causeQuestion: (c) => `Why was ${setting(c)} missing?`,
  cause: (c) =>
    c.changeName
      ? `Because ${c.changeName} shipped a deployment definition without it: the setting the code requires was not carried into the new revision.`
      : `Because the deployment definition of ${c.root} (environment, secret reference or flag) and what its code requires have diverged: the code needs a setting nobody supplied.`,
  guardQuestion: () => 'Why did the broken configuration replace a working one?',
  guardrail: () =>
    'Because the rollout did not wait for new instances to prove they work: a revision that cannot start replaced the healthy one, and nothing validated the configuration before the deploy.',
  designQuestion: () => 'Why is configuration not validated before deploy?',
  design: () =>
    'Because configuration is kept apart from the code that reads it, with no schema of required settings shared by both, so the pipeline cannot check a deployment definition against what the release needs.',
  systemic: (c) =>
    `What ${c.root} needs to start is declared only in its code, while what it gets is declared in its deployment definition; no schema joins the two and the rollout does not stop when new instances fail, so a missing setting takes the service down instead of failing the pipeline.`,
  counterfactual: (c) =>
    `Had the pipeline of ${c.root} checked the deployment definition against a schema of required settings, or had the rollout kept the old revision until the new one was healthy, ${setting(c)} would have been found missing before ${spared(c)} lost the service.`,
};

export const crashLoopStory: ClassStory = {
  state: () => 'crashing and restarting',
  mechanism: (c) =>
    `Because an error it does not handle ends the process; the platform restarts it, it hits the same error again, and the restart back-off leaves ${c.root} down most of the time${after(c)}.`,
  causeQuestion: () => 'Why does that error end the process?',
  cause: (c) =>
    `Because it is raised outside any handler, at start-up or in a request or message path, so one failing input or missing precondition kills the process instead of failing one request${c.changeName ? `; it appeared with ${c.changeName}` : ''}.`,
  guardQuestion: (c) => `Why did the crashes take down ${c.root} rather than one instance?`,
  guardrail: () =>
    'Because every instance runs the same code on the same inputs, so all of them crash the same way, and the rollout let crashing instances replace healthy ones.',
  designQuestion: () => 'Why can one error take every instance down?',
  design: () =>
    'Because error handling is not enforced at the process boundary (no top-level handler per request or message, no quarantine of poison inputs), and releases are not gated on instances staying up.',
  systemic: (c) =>
    `${c.root} lets an unhandled error end the whole process, has no boundary that confines a failing input to one request or message, and is rolled out without a gate on instances staying healthy, so one bug crashes every instance in turn.`,
  counterfactual: (c) =>
    `Had ${c.root} caught errors at its request and message boundary and quarantined the failing input, the error would have failed one unit of work instead of every instance, and ${spared(c)} would have kept being served.`,
};

export const dataErrorStory: ClassStory = {
  state: (c) =>
    c.callerList ? 'sending data its consumers could not parse' : 'receiving data it could not parse',
  mechanism: (c) =>
    c.callerList
      ? `Because ${c.root} answered with content in a format ${c.callerList} ${c.callers.length === 1 ? 'does' : 'do'} not expect, and the parsing failed on every such response${after(c)}.`
      : `Because records arrived in a shape the parser of ${c.root} does not accept, and it failed on each one instead of setting it aside${after(c)}.`,
  causeQuestion: () => 'Why did the format differ from what was expected?',
  cause: (c) =>
    c.callerList
      ? `Because the output of ${c.root} changed without its consumers being updated: a maintenance or error page, a schema change, or another content type sent with a success status.`
      : `Because the producer of the records changed their format, or sent corrupt records, without ${c.root} being updated.`,
  guardQuestion: () => 'Why did unexpected data cause failures instead of being rejected?',
  guardrail: (c) =>
    `Because ${c.callerList ?? c.root} parsed without checking status and content type or validating the schema, so a wrong body became an exception instead of a handled error.`,
  designQuestion: () => 'Why is the data contract between producer and consumers not enforced?',
  design: () =>
    'Because the format is an implicit agreement: there is no versioned schema and no contract test in the pipeline of either side, so a change on one side is first noticed in production.',
  systemic: (c) =>
    `The data exchanged with ${c.root} has no enforced contract: no versioned schema, no contract tests, and consumers that parse without validating, so any change or fault on the producing side becomes errors on the consuming side.`,
  counterfactual: (c) =>
    `Had the contract of ${c.root} been covered by consumer-driven contract tests and had consumers validated content type and schema before parsing, the change would have failed a build, or been handled as a degraded dependency, instead of failing requests.`,
};
