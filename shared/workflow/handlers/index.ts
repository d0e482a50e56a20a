import type { WorkflowDeps } from '../deps.ts';
import type { WorkflowState } from '../state.ts';
import type { StepName } from '../steps.ts';
import { collectShard } from './collect-shard.ts';
import { correlate } from './correlate.ts';
import { fetchLogs } from './fetch-logs.ts';
import { fetchSlice } from './fetch-slice.ts';
import { fetchTelemetry } from './fetch-telemetry.ts';
import { findSimilar } from './find-similar.ts';
import { publish } from './publish.ts';
import { recordFailure } from './record-failure.ts';
import { synthesize } from './synthesize.ts';

export type StepHandler = (state: WorkflowState, deps: WorkflowDeps) => Promise<WorkflowState>;

/** The implementation of every state-machine step, by name. */
export const STEP_HANDLERS: Record<Exclude<StepName, 'intake'>, StepHandler> = {
  'fetch-logs': fetchLogs,
  'fetch-telemetry': fetchTelemetry,
  'fetch-slice': fetchSlice,
  'collect-shard': collectShard,
  correlate,
  'find-similar': findSimilar,
  synthesize,
  publish,
  'record-failure': recordFailure,
};

export { intake } from './intake.ts';
