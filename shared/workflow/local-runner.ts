import { StateMachine } from 'aws-local-stepfunctions';

type JSONValue = Parameters<StateMachine['run']>[0];

import { buildDefinition } from './definition.ts';
import type { WorkflowDeps } from './deps.ts';
import { STEP_HANDLERS } from './handlers/index.ts';
import type { WorkflowState } from './state.ts';
import { STEPS } from './steps.ts';

// aws-local-stepfunctions uses Promise.withResolvers, which Node 20 lacks.
const promiseWithResolvers = Promise as unknown as { withResolvers?: unknown };
if (typeof promiseWithResolvers.withResolvers !== 'function') {
  promiseWithResolvers.withResolvers = <T>() => {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

/** A local Lambda ARN per step: the definition is validated as it would be in AWS. */
export function localFunctionArn(step: string): string {
  return `arn:aws:lambda:us-east-1:000000000000:function:incidentiq-${step}`;
}

export type WorkflowOutcome = { ok: true; state: WorkflowState } | { ok: false; error: string };

/**
 * Runs the workflow's state machine definition (the same one the CDK construct deploys) under
 * aws-local-stepfunctions, each task calling its step handler in process with the given adapters.
 * Retries wait no real time. The Distributed Map runs unchanged: aws-local-stepfunctions (v3)
 * accepts its fields and runs each item in process, as for an inline Map, stopping at the first
 * failed item (what ToleratedFailurePercentage 0 does in AWS, under the item's error instead of
 * States.ExceedToleratedFailureThreshold).
 */
export async function runWorkflowLocally(
  input: WorkflowState,
  deps: WorkflowDeps,
  definition = buildDefinition((spec) => localFunctionArn(spec.name)),
): Promise<WorkflowOutcome> {
  const machine = new StateMachine(definition as never);
  const handlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
  const retryIntervals: Record<string, number> = {};
  for (const [name, handler] of Object.entries(STEP_HANDLERS)) {
    handlers[name] = async (state) =>
      (await handler(state as unknown as WorkflowState, deps)) as unknown as JSONValue;
    retryIntervals[name] = 0;
  }
  const execution = machine.run(input as unknown as JSONValue, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retryIntervals },
  });
  try {
    return { ok: true, state: (await execution.result) as unknown as WorkflowState };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

export { STEPS };
