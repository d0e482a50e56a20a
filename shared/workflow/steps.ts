/**
 * The ONE list of the analysis workflow's steps, with their limits, retries and catches. The CDK
 * construct and the local runner both build the state machine from it (`definition.ts`); nothing
 * else restates the order.
 */
import { DEFAULT_SLICING } from './fetch-slices.ts';
import { SHARDS } from './state.ts';

export type StepName =
  | 'intake'
  | 'fetch-logs'
  | 'fetch-telemetry'
  | 'fetch-slice'
  | 'collect-shard'
  | 'correlate'
  | 'find-similar'
  | 'synthesize'
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

/** Errors our handlers throw for conditions worth retrying (throttling, a dependency briefly down). */
export const TRANSIENT_ERROR = 'TransientError';

const LAMBDA_TRANSIENT: RetryPolicy = {
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

const step = (spec: Omit<StepSpec, 'entry'>): StepSpec => ({ ...spec, entry: `functions/${spec.name}.ts` });

export const STEPS: readonly StepSpec[] = [
  step({
    name: 'intake',
    description: 'Validates the alarm event, derives the incident id and starts the workflow',
    timeoutSeconds: 30,
    memoryMb: 256,
    inStateMachine: false,
    retry: [],
    catchTo: null,
    next: null,
  }),
  step({
    name: 'fetch-logs',
    description:
      'Resolves the log groups and the window of the alarm and cuts the fetch into slices of groups and time',
    timeoutSeconds: 60,
    memoryMb: 512,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'fetch-telemetry',
  }),
  step({
    name: 'fetch-telemetry',
    description:
      "Reads the window's metrics (the alarm's own and those of the services in play) and a bounded sample of traces into S3",
    timeoutSeconds: 300,
    memoryMb: 2048,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'fetch-slice',
  }),
  step({
    name: 'fetch-slice',
    description:
      "Reads one slice's log groups and time range from CloudWatch Logs into S3 parts per stream bucket, with a manifest",
    timeoutSeconds: 600,
    memoryMb: 1024,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'collect-shard',
    fanOut: {
      stateName: 'fetch-slices',
      itemsPath: '$.slices',
      pass: ['incidentId', 'alarmKey', 'eventsKey'],
      item: 'slice',
      index: 'sliceIndex',
      output: '$.sliceKey',
      resultPath: '$.sliceKeys',
      maxItems: DEFAULT_SLICING.maxSlices,
      // FilterLogEvents allows a few calls a second per account and region: more readers at once
      // would mostly be throttled (each retries, then notes what it could not read).
      maxConcurrency: 8,
      // A lost slice would silently drop lines from the analysis: one failed slice fails the Map.
      toleratedFailurePercentage: 0,
    },
  }),
  step({
    name: 'collect-shard',
    description:
      'Parses and mines one stream bucket of the events (whole log streams, from every slice) into a partial collection in S3',
    timeoutSeconds: 600,
    memoryMb: 2048,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'correlate',
    fanOut: {
      stateName: 'collect-shards',
      itemsPath: '$.buckets',
      pass: ['incidentId', 'alarmKey', 'sliceKeys', 'buckets'],
      item: 'shardIndex',
      output: '$.shardKey',
      resultPath: '$.shardKeys',
      maxItems: SHARDS,
      // At most SHARDS items: one wave, bounded.
      maxConcurrency: SHARDS,
      // The merge equals the single-pass analysis only with every shard: one lost shard fails the Map.
      toleratedFailurePercentage: 0,
    },
  }),
  step({
    name: 'correlate',
    description:
      "Merges the shards' partial collections and correlates them into the evidence and the offline report",
    timeoutSeconds: 600,
    memoryMb: 2048,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'find-similar',
  }),
  step({
    name: 'find-similar',
    description: 'Ranks similar past incidents from the incident table',
    timeoutSeconds: 60,
    memoryMb: 512,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'synthesize',
  }),
  step({
    name: 'synthesize',
    description: 'Writes the final report from the evidence (Bedrock when enabled, offline otherwise)',
    timeoutSeconds: 180,
    memoryMb: 512,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'publish',
  }),
  step({
    name: 'publish',
    description: 'Renders the report to S3, notifies SNS and records the incident',
    timeoutSeconds: 120,
    memoryMb: 512,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: null,
  }),
  step({
    name: 'record-failure',
    description: 'Publishes a degraded report that says which step failed and what is missing',
    timeoutSeconds: 120,
    memoryMb: 512,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: null,
    next: null,
  }),
];

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
