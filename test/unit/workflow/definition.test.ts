import { describe, expect, it } from 'vitest';
import { buildDefinition, FAILED_STATE } from '../../../shared/workflow/definition.ts';
import { MAX_NOTE_LENGTH, MAX_NOTES, withNotes } from '../../../shared/workflow/state.ts';
import { mainPath, STEPS, TRANSIENT_ERROR } from '../../../shared/workflow/steps.ts';

describe('the workflow definition built from STEPS', () => {
  const def = buildDefinition((spec) => `arn:aws:lambda:us-east-1:123456789012:function:${spec.name}`);

  it('follows the one list of steps, in order, ending with publish', () => {
    expect(mainPath().map((s) => s.name)).toEqual([
      'fetch-logs',
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
    expect(visited).toEqual(mainPath().map((s) => s.name));
    expect(def.States.publish?.End).toBe(true);
  });

  it('gives every main task retries on transient errors and a catch to record-failure', () => {
    for (const spec of mainPath()) {
      const state = def.States[spec.name] as {
        Retry: { ErrorEquals: string[] }[];
        Catch: { Next: string; ResultPath: string }[];
      };
      expect(state.Retry[0]?.ErrorEquals).toContain(TRANSIENT_ERROR);
      expect(state.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'record-failure' },
      ]);
    }
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
