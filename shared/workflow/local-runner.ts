import { StateMachine } from 'aws-local-stepfunctions';

type JSONValue = Parameters<StateMachine['run']>[0];

import { FileBlobStore } from '../adapters/local/file-blob-store.ts';
import { buildDefinition } from './definition.ts';
import type { WorkflowDeps } from './deps.ts';
import { incidentKey, type WorkflowState } from './state.ts';
import { STEP_HANDLERS, STEPS } from './steps/index.ts';

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

/** A task's local implementation: the state in, the next state out. */
export type LocalTask = (state: WorkflowState) => Promise<WorkflowState>;

export interface LocalRunOptions {
  /**
   * Tasks run some other way than by their handler in this process, by step name: the collect
   * Map's items on worker threads, say. Each must do what the step's handler does.
   */
  tasks?: Partial<Record<string, LocalTask>>;
  /** Told when a task has returned (each item of a Map is one task). */
  onTaskDone?: (step: string, output: WorkflowState) => void;
  /**
   * Whether the definition is checked against the States Language first (default true). It costs
   * most of a second of CPU; a caller running the unchanged built definition (the CLI), which the
   * tests validate, may skip it.
   */
  validate?: boolean;
}

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
  options: LocalRunOptions = {},
): Promise<WorkflowOutcome> {
  const files = deps.blobs instanceof FileBlobStore ? deps.blobs : null;
  if (!files) return runMachine(input, deps, definition, options);
  await sweepWorkingCopies(files);
  await files.put(incidentKey(input.incidentId, OWNER_FILE), String(process.pid));
  try {
    return await runMachine(input, deps, definition, options);
  } finally {
    await discardWorkingCopies(files, input.incidentId);
  }
}

/**
 * The run's copies of the events (the fetched parts, the slices, the collected shards): masked as
 * they were read, and still never kept under --home: deleted when the run ends, what an S3
 * lifecycle rule does in AWS. A run killed before that leaves them; the next run sweeps them.
 */
export const WORKING_COPIES = ['events/', 'slices/', 'shards/'] as const;
/** Which process owns an incident's working copies: the sweep leaves a live one's alone. */
const OWNER_FILE = 'run.pid';

export async function discardWorkingCopies(blobs: FileBlobStore, incidentId: string): Promise<void> {
  for (const folder of WORKING_COPIES) await blobs.removeFolder(incidentKey(incidentId, folder));
  await blobs.removeFolder(incidentKey(incidentId, OWNER_FILE));
}

/** Removes the working copies of every incident whose run is not alive (killed, crashed). */
export async function sweepWorkingCopies(blobs: FileBlobStore): Promise<string[]> {
  const swept: string[] = [];
  for (const incidentId of await blobs.listFolders('incidents')) {
    const owner = await blobs.get(incidentKey(incidentId, OWNER_FILE)).catch(() => '');
    if (owner !== '' && isAlive(Number(owner))) continue;
    const children = await blobs.listFolders(incidentKey(incidentId, ''));
    const held = WORKING_COPIES.some((f) => children.includes(f.replace('/', '')));
    if (owner === '' && !held) continue;
    await discardWorkingCopies(blobs, incidentId);
    swept.push(incidentId);
  }
  return swept;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false; // a previous run of this very process ended without cleaning
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function runMachine(
  input: WorkflowState,
  deps: WorkflowDeps,
  definition: ReturnType<typeof buildDefinition>,
  options: LocalRunOptions,
): Promise<WorkflowOutcome> {
  const machine = new StateMachine(
    definition as never,
    options.validate === false ? { validationOptions: { noValidate: true } } : {},
  );
  const handlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
  const retryIntervals: Record<string, number> = {};
  for (const [name, handler] of Object.entries(STEP_HANDLERS)) {
    const task: LocalTask = options.tasks?.[name] ?? ((state) => handler(state, deps));
    handlers[name] = async (state) => {
      const output = await task(state as unknown as WorkflowState);
      options.onTaskDone?.(name, output);
      return output as unknown as JSONValue;
    };
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
