import { describe, expect, it } from 'vitest';
import { collectEvents, collectShard, mergePartials } from '../../../../shared/analysis/collect/index.ts';
import type { ChangeEvent, ChangeKind } from '../../../../shared/analysis/correlate/changes/index.ts';
import { ChangeKeeper, ROUTINE_CHANGES_KEPT } from '../../../../shared/analysis/correlate/changes/index.ts';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows, DEFAULT_WINDOWS } from '../../../../shared/analysis/window.ts';
import type { LogEvent, LogRecord } from '../../../../shared/domain/log-event.ts';

const T0 = Date.UTC(2026, 3, 8, 14, 0, 0);

function change(kind: ChangeKind, service: string, at: number): ChangeEvent {
  const record = { at, raw: `${service} ${kind} ${at}`, logGroup: `/g/${service}` } as LogRecord;
  return { kind, at, service, description: record.raw, record };
}

describe('ChangeKeeper', () => {
  it('keeps every config change, and the earliest and latest restarts of each service and starts of each version, whatever their order', () => {
    const keeper = new ChangeKeeper();
    const times = Array.from({ length: 50 }, (_, i) => T0 + ((i * 37) % 50) * 1000);
    for (const at of times) keeper.add(change('restart', 'api', at));
    for (const at of times) keeper.add(change('config', 'api', at));
    for (const at of times) keeper.add({ ...change('deploy', 'api', at), version: '2.0.0' });
    keeper.add({ ...change('deploy', 'api', T0 + 99_000), version: '2.0.1' });
    for (let i = 0; i < 5; i++) keeper.add(change('scale', 'worker', T0 + i));
    const kept = keeper.list();
    const restarts = kept.filter((c) => c.kind === 'restart');
    expect(restarts.map((c) => c.at)).toEqual([
      ...Array.from({ length: ROUTINE_CHANGES_KEPT }, (_, i) => T0 + i * 1000),
      ...Array.from({ length: ROUTINE_CHANGES_KEPT }, (_, i) => T0 + (50 - ROUTINE_CHANGES_KEPT + i) * 1000),
    ]);
    expect(kept.filter((c) => c.kind === 'config')).toHaveLength(50);
    const deploys = kept.filter((c) => c.kind === 'deploy');
    expect(deploys.filter((c) => c.version === '2.0.0')).toHaveLength(2 * ROUTINE_CHANGES_KEPT);
    expect(deploys.filter((c) => c.version === '2.0.1')).toHaveLength(1);
    expect(kept.filter((c) => c.kind === 'scale')).toHaveLength(5);
    expect(keeper.dropped).toBe(2 * (50 - 2 * ROUTINE_CHANGES_KEPT));
    expect(kept.map((c) => c.at)).toEqual([...kept.map((c) => c.at)].sort((a, b) => a - b));
  });
});

describe('a crash loop in the window', () => {
  const alarmAt = T0 + 50 * 60_000;
  const windows = computeWindows(alarmAt, DEFAULT_WINDOWS);
  // 40 pods of one service, each restarting every minute through the incident window.
  const events: LogEvent[] = [];
  for (let minute = 0; minute < 10; minute++) {
    for (let pod = 0; pod < 40; pod++) {
      events.push({
        logGroup: '/eks/prod/events',
        logStream: `pod-${pod}`,
        timestamp: alarmAt - (10 - minute) * 60_000 + pod * 100,
        message: `Started container api-${pod}`,
      });
    }
  }

  it('keeps a bounded number of its restarts and counts the rest', () => {
    const collected = collectEvents(events, windows);
    expect(collected.changes.filter((c) => c.kind === 'restart')).toHaveLength(2 * ROUTINE_CHANGES_KEPT);
    expect(collected.changesDropped).toBe(400 - 2 * ROUTINE_CHANGES_KEPT);
  });

  it('says in the limitations that the rest were counted, not kept', () => {
    const findings = correlate({ events: events }, windows);
    expect(findings.limitations).toContain(
      `${400 - 2 * ROUTINE_CHANGES_KEPT} more repeated change line(s) (restarts, scaling, the same version starting again) were counted but not kept as change events (the earliest ${ROUTINE_CHANGES_KEPT} and the latest ${ROUTINE_CHANGES_KEPT} of each service and version are).`,
    );
  });

  it('keeps the same ones, and counts the same, when collected in shards', () => {
    const shards = [0, 1, 2].map((s) => events.filter((e) => Number(e.logStream?.slice(4)) % 3 === s));
    const merged = mergePartials(
      shards.map((s) => JSON.parse(JSON.stringify(collectShard(s, windows)))),
      windows,
    );
    const single = collectEvents(events, windows);
    expect(merged.changesDropped).toBe(single.changesDropped);
    expect(merged.changes.map((c) => c.record.raw)).toEqual(single.changes.map((c) => c.record.raw));
  });
});
