import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../../shared/workflow/definition.ts';
import { localFunctionArn } from '../../../shared/workflow/local-runner.ts';
import type { WorkflowState } from '../../../shared/workflow/state.ts';
import { STEPS, type StepName } from '../../../shared/workflow/steps/index.ts';

type Handler = (input: WorkflowState) => Promise<WorkflowState>;

/**
 * The deployed definition (Distributed Map included) under aws-local-stepfunctions, each task a
 * stub: aws-local-stepfunctions runs a DISTRIBUTED Map's items in process, as it does an INLINE
 * one, so the local runner needs no rewritten definition.
 */
async function run(input: WorkflowState, overrides: Partial<Record<StepName, Handler>> = {}) {
  const calls: { step: StepName; input: WorkflowState }[] = [];
  const handlers: Record<string, Handler> = {};
  for (const spec of STEPS.filter((s) => s.inStateMachine)) {
    handlers[spec.name] = async (state) => {
      calls.push({ step: spec.name, input: state });
      const own = overrides[spec.name];
      if (own) return own(state);
      if (spec.name === 'fetch-slice') return { ...state, sliceKey: `slice-${state.sliceIndex}` };
      return spec.name === 'collect-shard' ? { ...state, shardKey: `shard-${state.shardIndex}` } : state;
    };
  }
  const definition = buildDefinition((spec) => localFunctionArn(spec.name));
  const execution = new StateMachine(definition as never).run(input as never, {
    overrides: { taskResourceLocalHandlers: handlers as never },
  });
  const outcome = await execution.result.then(
    (state) => ({ ok: true as const, state: state as unknown as WorkflowState }),
    (error: Error) => ({ ok: false as const, error: error.message }),
  );
  return { outcome, calls };
}

const INPUT: WorkflowState = {
  incidentId: 'INC-0000abcd',
  alarmKey: 'incidents/INC-0000abcd/alarm.json',
  eventsKey: 'incidents/INC-0000abcd/events/',
  slices: [
    { logGroups: ['/a'], startTime: 0, endTime: 9, openStart: true },
    { logGroups: ['/a'], startTime: 10, endTime: 19, openEnd: true },
  ],
  buckets: [0, 1, 2],
};

describe('the Distributed Map, run locally', () => {
  it('runs fetch-slice once per slice, then collect-shard once per bucket with the manifests, collecting the keys in order', async () => {
    const { outcome, calls } = await run(INPUT);

    expect(outcome.ok).toBe(true);
    const sliceRuns = calls.filter((c) => c.step === 'fetch-slice').map((c) => c.input);
    expect(sliceRuns.sort((a, b) => (a.sliceIndex ?? 0) - (b.sliceIndex ?? 0))).toEqual(
      INPUT.slices?.map((slice, index) => ({
        incidentId: INPUT.incidentId,
        alarmKey: INPUT.alarmKey,
        eventsKey: INPUT.eventsKey,
        slice,
        sliceIndex: index,
      })),
    );
    const shardRuns = calls.filter((c) => c.step === 'collect-shard').map((c) => c.input);
    expect(shardRuns.sort((a, b) => (a.shardIndex ?? 0) - (b.shardIndex ?? 0))).toEqual(
      INPUT.buckets?.map((bucket) => ({
        incidentId: INPUT.incidentId,
        alarmKey: INPUT.alarmKey,
        sliceKeys: ['slice-0', 'slice-1'],
        buckets: INPUT.buckets,
        shardIndex: bucket,
      })),
    );
    const analyzeInput = calls.find((c) => c.step === 'analyze')?.input;
    expect(analyzeInput?.shardKeys).toEqual(['shard-0', 'shard-1', 'shard-2']);
    expect(calls.map((c) => c.step)).not.toContain('record-failure');
  });

  it('catches a failed shard on the Map and tells record-failure it was collect-shard', async () => {
    const { outcome, calls } = await run(INPUT, {
      'collect-shard': async (state) => {
        if (state.shardIndex === 1) throw Object.assign(new Error('part 1 is unreadable'), { name: 'Error' });
        return { ...state, shardKey: `shard-${state.shardIndex}` };
      },
    });

    expect(outcome).toEqual({ ok: false, error: expect.stringContaining('degraded report was published') });
    const recorded = calls.find((c) => c.step === 'record-failure')?.input;
    expect(recorded).toMatchObject({
      incidentId: INPUT.incidentId,
      sliceKeys: ['slice-0', 'slice-1'],
      failedStep: 'collect-shard',
      failure: { Error: 'Error', Cause: 'part 1 is unreadable' },
    });
    expect(calls.map((c) => c.step)).not.toContain('analyze');
  });

  it('catches a failed slice on the first Map and tells record-failure it was fetch-slice', async () => {
    const { outcome, calls } = await run(INPUT, {
      'fetch-slice': async (state) => {
        if (state.sliceIndex === 1) throw new Error('CloudWatch Logs is unreachable');
        return { ...state, sliceKey: `slice-${state.sliceIndex}` };
      },
    });

    expect(outcome.ok).toBe(false);
    expect(calls.find((c) => c.step === 'record-failure')?.input).toMatchObject({
      failedStep: 'fetch-slice',
      failure: { Cause: 'CloudWatch Logs is unreachable' },
    });
    expect(calls.map((c) => c.step)).not.toContain('collect-shard');
  });

  it.each(['plan-fetch', 'analyze', 'find-similar', 'write-narrative', 'publish'] as const)(
    'tells record-failure that %s failed',
    async (failing) => {
      const { calls } = await run(INPUT, {
        [failing]: async () => {
          throw new Error(`${failing} broke`);
        },
      });

      expect(calls.find((c) => c.step === 'record-failure')?.input.failedStep).toBe(failing);
    },
  );
});
