import { describe, expect, it } from 'vitest';
import { buildDefinition, FAILED_STATE, failureNoteState } from '../../../shared/workflow/definition.ts';
import { MAX_NOTE_LENGTH, MAX_NOTES, SHARDS, withNotes } from '../../../shared/workflow/state.ts';
import { mainPath, STEPS, stateNameOf, TRANSIENT_ERROR } from '../../../shared/workflow/steps/index.ts';

describe('the workflow definition built from STEPS', () => {
  const def = buildDefinition((spec) => `arn:aws:lambda:us-east-1:123456789012:function:${spec.name}`);

  it('follows the one list of steps, in order, ending with publish', () => {
    expect(mainPath().map((s) => s.name)).toEqual([
      'plan-fetch',
      'fetch-telemetry',
      'fetch-slice',
      'collect-shard',
      'analyze',
      'find-similar',
      'write-narrative',
      'publish',
    ]);
    expect(def.StartAt).toBe('plan-fetch');
    let name: string | undefined = def.StartAt;
    const visited: string[] = [];
    while (name) {
      visited.push(name);
      name = def.States[name]?.Next as string | undefined;
    }
    expect(visited).toEqual(mainPath().map(stateNameOf));
    expect(visited.slice(1, 4)).toEqual(['fetch-telemetry', 'fetch-slices', 'collect-shards']);
    expect(def.States.publish?.End).toBe(true);
  });

  it('gives every main task retries on transient errors and a catch to record-failure', () => {
    for (const spec of mainPath()) {
      type Shape = {
        Retry: { ErrorEquals: string[] }[];
        Catch: { Next: string; ResultPath: string }[];
        ItemProcessor?: { States: Record<string, Shape> };
      };
      const state = def.States[stateNameOf(spec)] as Shape;
      // A fanned-out step retries inside the Map, per item; the Map catches.
      const task = spec.fanOut ? (state.ItemProcessor?.States[spec.name] as Shape) : state;
      expect(task.Retry[0]?.ErrorEquals).toContain(TRANSIENT_ERROR);
      expect(state.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: failureNoteState(spec.name) },
      ]);
    }
  });

  it('names the failed step for record-failure in a Pass state after each catch', () => {
    for (const spec of mainPath()) {
      expect(def.States[`${spec.name}-failed`], spec.name).toEqual({
        Type: 'Pass',
        Comment: `Notes that ${spec.name} failed after its retries`,
        Result: spec.name,
        ResultPath: '$.failedStep',
        Next: 'record-failure',
      });
    }
    expect(def.States['record-failure-failed']).toBeUndefined();
  });

  it('runs fetch-slice as a Distributed Map over the slices, bounded, retrying each slice and catching on the Map', () => {
    const map = def.States['fetch-slices'] as Record<string, unknown>;
    expect(map).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.slices',
      ItemSelector: {
        'incidentId.$': '$.incidentId',
        'alarmKey.$': '$.alarmKey',
        'eventsKey.$': '$.eventsKey',
        'slice.$': '$$.Map.Item.Value',
        'sliceIndex.$': '$$.Map.Item.Index',
      },
      MaxConcurrency: 8,
      // A lost slice would drop lines: one failed slice fails the Map.
      ToleratedFailurePercentage: 0,
      Label: 'fetch-slices',
      ResultPath: '$.sliceKeys',
      Next: 'collect-shards',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'fetch-slice-failed' }],
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'fetch-slice',
        States: {
          'fetch-slice': {
            Type: 'Task',
            TimeoutSeconds: 600,
            OutputPath: '$.sliceKey',
            End: true,
            Retry: [expect.objectContaining({ ErrorEquals: expect.arrayContaining([TRANSIENT_ERROR]) })],
          },
        },
      },
    });
    expect(def.States['plan-fetch']?.Next).toBe('fetch-telemetry');
    expect(def.States['fetch-telemetry']?.Next).toBe('fetch-slices');
  });

  it("runs collect-shard as a Distributed Map over the buckets, bounded, keeping only each run's key", () => {
    const map = def.States['collect-shards'] as Record<string, unknown>;
    expect(map).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.buckets',
      ItemSelector: {
        'incidentId.$': '$.incidentId',
        'alarmKey.$': '$.alarmKey',
        'sliceKeys.$': '$.sliceKeys',
        'buckets.$': '$.buckets',
        'shardIndex.$': '$$.Map.Item.Value',
      },
      MaxConcurrency: SHARDS,
      // One failed shard fails the Map: the merge needs them all.
      ToleratedFailurePercentage: 0,
      Label: 'collect-shards',
      ResultPath: '$.shardKeys',
      Next: 'analyze',
      ItemProcessor: {
        // Standard children: a run may last the task's 600 s and its retries, past Express's 300 s.
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'collect-shard',
        States: { 'collect-shard': { Type: 'Task', OutputPath: '$.shardKey', End: true } },
      },
    });
  });

  it('gives the execution time for every wave of every Map, with retries', () => {
    // fetch-slices: 64 slices in waves of 8, each run up to 600 s, 4 attempts.
    expect(def.TimeoutSeconds).toBeGreaterThanOrEqual(8 * 600 * 4 + 600 * 4);
  });

  it('ends a recorded failure in a Fail state, and intake stays outside the state machine', () => {
    expect(def.States['record-failure']?.Next).toBe(FAILED_STATE);
    expect(def.States[FAILED_STATE]?.Type).toBe('Fail');
    expect(def.States.intake).toBeUndefined();
    expect(STEPS.find((s) => s.name === 'intake')?.inStateMachine).toBe(false);
  });

  it('bounds the notes that travel between steps in number and length', () => {
    const many = Array.from({ length: 50 }, (_, i) => `note ${i} ${'x'.repeat(i * 30)}`);
    const state = withNotes({ incidentId: 'INC-00000000', alarmKey: 'k' }, many);
    expect(state.notes).toHaveLength(MAX_NOTES);
    expect(state.notes?.at(-1)).toBe('31 more note(s) left out');
    for (const n of state.notes ?? []) expect(n.length).toBeLessThanOrEqual(MAX_NOTE_LENGTH);
  });
});
