import { mainPath, STEPS, type StepName, type StepSpec, stateNameOf, stepSpec } from './steps/index.ts';

/** The name of the Fail state the workflow ends in after recording a failure. */
export const FAILED_STATE = 'analysis-failed';

export type StateMachineDefinition = {
  Comment: string;
  StartAt: string;
  TimeoutSeconds: number;
  States: Record<string, Record<string, unknown>>;
};

/**
 * The Amazon States Language definition of the analysis workflow, built from `STEPS`. `resource`
 * gives each task's Lambda function (its ARN in AWS, or a CDK token, or a local name): tasks invoke
 * the function directly, so each receives the previous step's output and returns the next input.
 * Only pointers travel between steps (keys of objects in the report bucket).
 */
export function buildDefinition(resource: (step: StepSpec) => unknown): StateMachineDefinition {
  const path = mainPath();
  const first = path[0];
  if (!first) throw new Error('the workflow has no steps');
  const states: Record<string, Record<string, unknown>> = {};
  for (const spec of STEPS.filter((s) => s.inStateMachine)) {
    const state: Record<string, unknown> = {
      Type: 'Task',
      Comment: spec.description,
      Resource: resource(spec),
      TimeoutSeconds: spec.timeoutSeconds,
    };
    if (spec.retry.length > 0) {
      state.Retry = spec.retry.map((r) => ({
        ErrorEquals: r.errors,
        IntervalSeconds: r.intervalSeconds,
        MaxAttempts: r.maxAttempts,
        BackoffRate: r.backoffRate,
        MaxDelaySeconds: r.maxDelaySeconds,
        JitterStrategy: 'FULL',
      }));
    }
    // The state that continues the path: the task itself, or the Map state around it.
    const outer = spec.fanOut ? distributedMap(spec, state, spec.fanOut) : state;
    if (spec.catchTo) {
      // The failure is added beside the input, so record-failure still has the incident's pointers,
      // and a Pass state names the failed step (the Catch's error does not).
      outer.Catch = [
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: failureNoteState(spec.name) },
      ];
    }
    if (spec.next) outer.Next = stateNameOf(stepSpec(spec.next));
    else if (spec.name === 'record-failure') outer.Next = FAILED_STATE;
    else outer.End = true;
    states[stateNameOf(spec)] = outer;
    if (spec.catchTo) {
      states[failureNoteState(spec.name)] = {
        Type: 'Pass',
        Comment: `Notes that ${spec.name} failed after its retries`,
        Result: spec.name,
        ResultPath: '$.failedStep',
        Next: spec.catchTo,
      };
    }
  }
  states[FAILED_STATE] = {
    Type: 'Fail',
    Error: 'AnalysisFailed',
    Cause: 'A step failed after its retries; a degraded report was published.',
  };
  // A Map runs its items in waves of MaxConcurrency (its items are bounded: see fanOut).
  const total = path.reduce(
    (n, s) => n + waves(s) * s.timeoutSeconds * (1 + (s.retry[0]?.maxAttempts ?? 0)),
    0,
  );
  return {
    Comment: 'IncidentIQ: analyze the logs around a CloudWatch alarm and publish the report',
    StartAt: stateNameOf(first),
    TimeoutSeconds: total + stepTimeout('record-failure'),
    States: states,
  };
}

/**
 * The Map state that runs `task` once per item, each run a child execution (Distributed mode):
 * the task ends the child, its output at `output` is the run's result.
 */
function distributedMap(
  spec: StepSpec,
  task: Record<string, unknown>,
  f: NonNullable<StepSpec['fanOut']>,
): Record<string, unknown> {
  task.OutputPath = f.output;
  task.End = true;
  const selector: Record<string, string> = {};
  for (const field of f.pass) selector[`${field}.$`] = `$.${field}`;
  selector[`${f.item}.$`] = '$$.Map.Item.Value';
  if (f.index) selector[`${f.index}.$`] = '$$.Map.Item.Index';
  return {
    Type: 'Map',
    Comment: `${spec.description} (once per item of ${f.itemsPath}, each a child execution)`,
    ItemsPath: f.itemsPath,
    ItemSelector: selector,
    MaxConcurrency: f.maxConcurrency,
    ToleratedFailurePercentage: f.toleratedFailurePercentage,
    Label: f.stateName,
    ItemProcessor: {
      // Standard child executions: a run may take the task's whole timeout and its retries, past
      // the 5 minutes an Express execution may last.
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      StartAt: spec.name,
      States: { [spec.name]: task },
    },
    // Only the runs' outputs (one key each, at most maxItems) are kept, beside the input:
    // small enough to need no ResultWriter.
    ResultPath: f.resultPath,
  };
}

/** The Pass state a step's Catch goes to: it sets `failedStep` before the catching step runs. */
export function failureNoteState(step: StepName): string {
  return `${step}-failed`;
}

/** How many rounds of runs a step takes at most: a Map's items in waves of its concurrency. */
function waves(spec: StepSpec): number {
  return spec.fanOut ? Math.ceil(spec.fanOut.maxItems / spec.fanOut.maxConcurrency) : 1;
}

function stepTimeout(name: StepName): number {
  return STEPS.find((s) => s.name === name)?.timeoutSeconds ?? 0;
}
