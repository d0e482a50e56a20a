import type { Port, StepDeps } from './ports.ts';

/** The steps, named for what they do (the function, the state and the metric prefix all use the name). */
export type StepName =
  | 'intake'
  | 'plan-fetch'
  | 'fetch-telemetry'
  | 'fetch-slice'
  | 'collect-shard'
  | 'analyze'
  | 'find-similar'
  | 'write-narrative'
  | 'publish'
  | 'record-failure';

export interface RetryPolicy {
  errors: string[];
  intervalSeconds: number;
  maxAttempts: number;
  backoffRate: number;
  maxDelaySeconds: number;
}

export interface StepSpec {
  name: StepName;
  description: string;
  /** The Lambda entry point, relative to the project root. */
  entry: string;
  /**
   * The adapters the step is given: its Lambda composition builds only their SDK clients and its
   * role is granted only what they reach (infra/constructs/step-access.ts).
   */
  ports: readonly Port[];
  timeoutSeconds: number;
  memoryMb: number;
  /** False for intake, which EventBridge invokes and which starts the state machine. */
  inStateMachine: boolean;
  retry: RetryPolicy[];
  /** Where a failure goes once the retries are spent; null ends the execution as failed. */
  catchTo: StepName | null;
  /** The next state, or null for the last. */
  next: StepName | null;
  /**
   * Run once per item of an array of the state (a Distributed Map state around the task, each run a
   * child execution): each run gets the fields `pass` of the state and the item as `item`, its
   * index as `index` (when named); the task's output at `output` is collected into `resultPath`.
   * Retry is the task's; the Map takes the Catch, once more than `toleratedFailurePercentage` of the
   * runs failed. `maxItems` is the most items the array holds (the workflow's timeout counts the
   * waves of `maxConcurrency` runs).
   */
  fanOut?: {
    stateName: string;
    itemsPath: string;
    pass: string[];
    item: string;
    index?: string;
    output: string;
    resultPath: string;
    maxItems: number;
    maxConcurrency: number;
    toleratedFailurePercentage: number;
  };
}

/** A state-machine step: its spec and its handler, which gets only the ports the spec lists. */
export interface WorkflowStep<P extends readonly Port[], In, Out> {
  spec: StepSpec & { ports: P };
  run: (input: In, deps: StepDeps<P>) => Promise<Out>;
}

/** Errors our handlers throw for conditions worth retrying (throttling, a dependency briefly down). */
export const TRANSIENT_ERROR = 'TransientError';

export const LAMBDA_TRANSIENT: RetryPolicy = {
  errors: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
    TRANSIENT_ERROR,
  ],
  intervalSeconds: 2,
  maxAttempts: 3,
  backoffRate: 2,
  maxDelaySeconds: 30,
};

/** A step's spec with its entry point, `functions/<name>.ts`. */
export function stepSpecOf<const P extends readonly Port[]>(
  spec: Omit<StepSpec, 'entry' | 'ports'> & { ports: P },
): StepSpec & { ports: P } {
  return { ...spec, entry: `functions/${spec.name}.ts` };
}

/** A state-machine step from its spec and handler (the ports typed from the spec's list). */
export function defineStep<const P extends readonly Port[], In, Out>(
  spec: Omit<StepSpec, 'entry' | 'ports'> & { ports: P },
  run: (input: In, deps: StepDeps<P>) => Promise<Out>,
): WorkflowStep<P, In, Out> {
  return { spec: stepSpecOf(spec), run };
}
