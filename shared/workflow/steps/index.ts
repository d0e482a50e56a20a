/**
 * The ONE list of the analysis workflow's steps, each a module of its own (spec, ports, handler).
 * The CDK constructs and the local runner both build the state machine from it (`definition.ts`);
 * nothing else restates the order. A Lambda entry point imports its own step module, never this list.
 */
import type { WorkflowDeps } from '../deps.ts';
import type { WorkflowState } from '../state.ts';
import type { StepName, StepSpec } from '../step.ts';
import { analyze } from './analyze.ts';
import { collectShard } from './collect-shard.ts';
import { fetchSlice } from './fetch-slice.ts';
import { fetchTelemetry } from './fetch-telemetry.ts';
import { findSimilar } from './find-similar.ts';
import { intakeSpec } from './intake.ts';
import { planFetch } from './plan-fetch.ts';
import { publish } from './publish.ts';
import { recordFailure } from './record-failure.ts';
import { writeNarrative } from './write-narrative.ts';

export type { RetryPolicy, StepName, StepSpec } from '../step.ts';
export { TRANSIENT_ERROR } from '../step.ts';

/** The state-machine steps, in order (record-failure is reached only through catches). */
const WORKFLOW_STEPS = [
  planFetch,
  fetchTelemetry,
  fetchSlice,
  collectShard,
  analyze,
  findSimilar,
  writeNarrative,
  publish,
  recordFailure,
] as const;

export type WorkflowStepName = (typeof WORKFLOW_STEPS)[number]['spec']['name'];

/** Every step's spec: the intake, then the state machine's. */
export const STEPS: readonly StepSpec[] = [intakeSpec, ...WORKFLOW_STEPS.map((s) => s.spec)];

/** A step's handler, taken as the local runner calls it: the whole state and every adapter. */
export type StepHandler = (state: WorkflowState, deps: WorkflowDeps) => Promise<WorkflowState>;

/** The implementation of every state-machine step, by name (the local runner's tasks). */
export const STEP_HANDLERS = Object.fromEntries(
  WORKFLOW_STEPS.map((s): [WorkflowStepName, StepHandler] => [s.spec.name, s.run]),
) as Readonly<Record<WorkflowStepName, StepHandler>>;

export function stepSpec(name: StepName): StepSpec {
  const spec = STEPS.find((s) => s.name === name);
  if (!spec) throw new Error(`unknown step ${name}`);
  return spec;
}

/** The state a step runs as: its own Task, or the Map state around it. */
export function stateNameOf(spec: StepSpec): string {
  return spec.fanOut ? spec.fanOut.stateName : spec.name;
}

/** The state machine's main path, in order (record-failure is reached only through catches). */
export function mainPath(): StepSpec[] {
  const first = STEPS.find((s) => s.inStateMachine);
  const path: StepSpec[] = [];
  for (let s = first; s; s = s.next ? stepSpec(s.next) : undefined) path.push(s);
  return path;
}
