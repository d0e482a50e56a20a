/**
 * The ONE list of the analysis workflow's steps, with their limits, retries and catches. The CDK
 * construct and the local runner both build the state machine from it (`definition.ts`); nothing
 * else restates the order.
 */
export type StepName =
  | 'intake'
  | 'fetch-logs'
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
    description: 'Reads the logs around the alarm from CloudWatch Logs into S3',
    timeoutSeconds: 600,
    memoryMb: 1024,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'correlate',
  }),
  step({
    name: 'correlate',
    description: 'Parses, mines and correlates the events into the evidence and the offline report',
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
    description: 'Publishes a degraded report that says what failed',
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

/** The state machine's main path, in order (record-failure is reached only through catches). */
export function mainPath(): StepSpec[] {
  const first = STEPS.find((s) => s.inStateMachine);
  const path: StepSpec[] = [];
  for (let s = first; s; s = s.next ? stepSpec(s.next) : undefined) path.push(s);
  return path;
}
