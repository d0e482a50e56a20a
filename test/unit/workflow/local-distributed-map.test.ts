import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../../shared/workflow/definition.ts';
import { localFunctionArn } from '../../../shared/workflow/local-runner.ts';
import type { WorkflowState } from '../../../shared/workflow/state.ts';
import { STEPS, type StepName } from '../../../shared/workflow/steps.ts';

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
  shards: [[0, 3], [1], [2]],
};

describe('the Distributed Map, run locally', () => {
  it('runs collect-shard once per shard with its item and index, collecting the keys in order', async () => {
    const { outcome, calls } = await run(INPUT);

    expect(outcome.ok).toBe(true);
    const shardRuns = calls.filter((c) => c.step === 'collect-shard').map((c) => c.input);
    expect(shardRuns.sort((a, b) => (a.shardIndex ?? 0) - (b.shardIndex ?? 0))).toEqual(
      INPUT.shards?.map((parts, index) => ({
        incidentId: INPUT.incidentId,
        alarmKey: INPUT.alarmKey,
        eventsKey: INPUT.eventsKey,
        shardParts: parts,
        shardIndex: index,
      })),
    );
    const correlateInput = calls.find((c) => c.step === 'correlate')?.input;
    expect(correlateInput?.shardKeys).toEqual(['shard-0', 'shard-1', 'shard-2']);
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
      shards: INPUT.shards,
      failedStep: 'collect-shard',
      failure: { Error: 'Error', Cause: 'part 1 is unreadable' },
    });
    expect(calls.map((c) => c.step)).not.toContain('correlate');
  });

  it.each(['fetch-logs', 'correlate', 'find-similar', 'synthesize', 'publish'] as const)(
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
