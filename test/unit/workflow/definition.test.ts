import { describe, expect, it } from 'vitest';
import { buildDefinition, FAILED_STATE, failureNoteState } from '../../../shared/workflow/definition.ts';
import { MAX_NOTE_LENGTH, MAX_NOTES, SHARDS, withNotes } from '../../../shared/workflow/state.ts';
import { mainPath, STEPS, stateNameOf, TRANSIENT_ERROR } from '../../../shared/workflow/steps.ts';

describe('the workflow definition built from STEPS', () => {
  const def = buildDefinition((spec) => `arn:aws:lambda:us-east-1:123456789012:function:${spec.name}`);

  it('follows the one list of steps, in order, ending with publish', () => {
    expect(mainPath().map((s) => s.name)).toEqual([
      'fetch-logs',
      'collect-shard',
      'correlate',
      'find-similar',
      'synthesize',
      'publish',
    ]);
    expect(def.StartAt).toBe('fetch-logs');
    let name: string | undefined = def.StartAt;
    const visited: string[] = [];
    while (name) {
      visited.push(name);
      name = def.States[name]?.Next as string | undefined;
    }
    expect(visited).toEqual(mainPath().map(stateNameOf));
    expect(visited[1]).toBe('collect-shards');
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

  it("runs collect-shard as a Distributed Map over the shards, bounded, keeping only each run's key", () => {
    const map = def.States['collect-shards'] as Record<string, unknown>;
    expect(map).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.shards',
      ItemSelector: {
        'incidentId.$': '$.incidentId',
        'alarmKey.$': '$.alarmKey',
        'eventsKey.$': '$.eventsKey',
        'shardParts.$': '$$.Map.Item.Value',
        'shardIndex.$': '$$.Map.Item.Index',
      },
      MaxConcurrency: SHARDS,
      // One failed shard fails the Map: the merge needs them all.
      ToleratedFailurePercentage: 0,
      Label: 'collect-shards',
      ResultPath: '$.shardKeys',
      Next: 'correlate',
      ItemProcessor: {
        // Standard children: a run may last the task's 600 s and its retries, past Express's 300 s.
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'collect-shard',
        States: { 'collect-shard': { Type: 'Task', OutputPath: '$.shardKey', End: true } },
      },
    });
    expect(def.States['fetch-logs']?.Next).toBe('collect-shards');
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

describe('fetch-logs stores events in bounded parts', () => {
  it('splits a large window into parts of EVENTS_PER_PART lines and correlate reads them all', async () => {
    const { fetchLogs } = await import('../../../shared/workflow/handlers/fetch-logs.ts');
    const { EVENTS_PER_PART, eventPartKey } = await import('../../../shared/workflow/state.ts');
    const objects = new Map<string, string>();
    const alarm = JSON.parse(
      (await import('node:fs')).readFileSync(
        new URL('../../fixtures/alarms/d02-coupon-cache-leak.json', import.meta.url),
        'utf8',
      ),
    ) as unknown;
    objects.set('alarm', JSON.stringify(alarm));
    const total = EVENTS_PER_PART * 2 + 7;
    const deps = {
      blobs: {
        put: async (k: string, b: string) => void objects.set(k, b),
        get: async (k: string) => objects.get(k) ?? '',
        locate: (k: string) => k,
      },
      fetcher: {
        fetch: () => ({
          events: (async function* () {
            for (let i = 0; i < total; i++) yield { logGroup: '/ecs/a', timestamp: i, message: `line ${i}` };
          })(),
          outcome: { events: total, bytes: 0, truncated: false, notes: [] },
        }),
      },
      logGroups: { alarmLogGroups: {}, defaultLogGroups: ['/ecs/a'] },
      windows: {},
    } as never;
    const state = await fetchLogs({ incidentId: 'INC-00000001', alarmKey: 'alarm' }, deps);
    expect(state.eventParts).toBe(3);
    expect(JSON.stringify(state).length).toBeLessThan(2048);
    const last = objects.get(eventPartKey(state.eventsKey as string, 2)) ?? '';
    expect(last.trim().split('\n')).toHaveLength(7);
  });
});

describe('the shards of a big window', () => {
  it('keep every stream in one shard and the payloads pointer-only for 100 parts', async () => {
    const { fetchLogs } = await import('../../../shared/workflow/handlers/fetch-logs.ts');
    const { collectShard } = await import('../../../shared/workflow/handlers/collect-shard.ts');
    const { correlate } = await import('../../../shared/workflow/handlers/correlate.ts');
    const { eventPartKey } = await import('../../../shared/workflow/state.ts');
    const objects = new Map<string, string>();
    const alarm = JSON.parse(
      (await import('node:fs')).readFileSync(
        new URL('../../fixtures/alarms/d02-coupon-cache-leak.json', import.meta.url),
        'utf8',
      ),
    ) as { time: string };
    objects.set('alarm', JSON.stringify(alarm));
    const at = Date.parse(alarm.time);
    const total = 10_000;
    const deps = {
      blobs: {
        put: async (k: string, b: string) => void objects.set(k, b),
        get: async (k: string) => {
          const v = objects.get(k);
          if (v === undefined) throw new Error(`blob not found: ${k}`);
          return v;
        },
        locate: (k: string) => k,
      },
      fetcher: {
        fetch: () => ({
          events: (async function* () {
            for (let i = 0; i < total; i++)
              yield {
                logGroup: '/ecs/a',
                logStream: `s-${i % 64}`,
                timestamp: at - 600_000 + i,
                message: `ERROR request ${i} failed`,
              };
          })(),
          outcome: { events: total, bytes: 0, truncated: false, notes: [] },
        }),
      },
      logGroups: { alarmLogGroups: {}, defaultLogGroups: ['/ecs/a'] },
      windows: {},
      eventsPerPart: 100,
      clock: () => 0,
    } as never;
    const fetched = await fetchLogs({ incidentId: 'INC-00000002', alarmKey: 'alarm' }, deps);
    expect(fetched.eventParts).toBeGreaterThanOrEqual(100);
    expect(fetched.shards?.length).toBeLessThanOrEqual(SHARDS);
    expect(fetched.shards?.flat().sort((a, b) => a - b)).toEqual(
      Array.from({ length: fetched.eventParts ?? 0 }, (_, i) => i),
    );
    // Every stream lies in one shard.
    const shardOfStream = new Map<string, number>();
    fetched.shards?.forEach((parts, shard) => {
      for (const part of parts) {
        for (const line of (objects.get(eventPartKey(fetched.eventsKey as string, part)) ?? '')
          .trim()
          .split('\n')) {
          const stream = (JSON.parse(line) as { logStream: string }).logStream;
          expect(shardOfStream.get(stream) ?? shard).toBe(shard);
          shardOfStream.set(stream, shard);
        }
      }
    });
    // What the Map does: one collect-shard per shard, its key as the result.
    const shardKeys: string[] = [];
    for (const [shardIndex, shardParts] of (fetched.shards ?? []).entries()) {
      const out = await collectShard(
        {
          incidentId: fetched.incidentId,
          alarmKey: fetched.alarmKey,
          eventsKey: fetched.eventsKey,
          shardIndex,
          shardParts,
        },
        deps,
      );
      shardKeys.push(out.shardKey as string);
    }
    const afterMap = { ...fetched, shardKeys };
    expect(JSON.stringify(shardKeys).length).toBeLessThan(1024);
    expect(JSON.stringify(fetched).length).toBeLessThan(2048);
    expect(JSON.stringify(afterMap).length).toBeLessThan(4096);
    const correlated = await correlate(afterMap, deps);
    expect(correlated.shardKeys).toBeUndefined();
    expect(correlated.shards).toBeUndefined();
    const evidence = JSON.parse(objects.get(correlated.evidenceKey as string) ?? '{}') as {
      report: { stats: { linesScanned: number } };
    };
    expect(evidence.report.stats.linesScanned).toBe(total);
  });
});
