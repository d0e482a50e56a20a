import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IncidentFolderSource } from '../../../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../../../shared/analysis/analyze.ts';
import {
  type Collected,
  collectEvents,
  collectShard,
  mergePartials,
  type PartialCollection,
} from '../../../shared/analysis/collect/index.ts';
import { TemplateMiner } from '../../../shared/analysis/patterns/index.ts';
import { computeWindows, DEFAULT_WINDOWS } from '../../../shared/analysis/window.ts';
import { parseAlarmEvent } from '../../../shared/domain/alarm.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';
import { shardOfStream } from '../../../shared/workflow/state.ts';
import { INCIDENTS, incidentNames } from './incident-fixtures.ts';

/** A bigger window from a fixture: its events repeated on `copies` more streams of each group, a few ms apart. */
function duplicated(events: LogEvent[], copies: number): LogEvent[] {
  const out: LogEvent[] = [];
  for (const e of events) {
    out.push(e);
    for (let k = 1; k <= copies; k++) {
      out.push({ ...e, logStream: `${e.logStream ?? 'stream'}#${k}`, timestamp: e.timestamp + k });
    }
  }
  return out;
}

/** Splits events by log stream into shards, each keeping its events in order. */
function byStream(events: LogEvent[], shards: number): LogEvent[][] {
  const out: LogEvent[][] = Array.from({ length: shards }, () => []);
  for (const e of events) out[shardOfStream(e.logGroup, e.logStream, shards)]?.push(e);
  return out;
}

/** Maps and Sets as ordered arrays, so equality also checks their order. */
function plain(c: Collected): unknown {
  return JSON.parse(
    JSON.stringify(c, (_k, v: unknown) =>
      v instanceof Map ? { map: [...v.entries()] } : v instanceof Set ? { set: [...v] } : v,
    ),
  );
}

function loadFixture(name: string) {
  const input = new IncidentFolderSource(join(INCIDENTS, name)).load();
  const events = [...input.events];
  const parsed = parseAlarmEvent(input.alarmEvent);
  if (!parsed.ok) throw new Error(parsed.error);
  const windows = computeWindows(Date.parse(parsed.alarm.triggeredAt), DEFAULT_WINDOWS);
  return { input, events, windows };
}

describe('sharded collection merges exactly', () => {
  for (const name of incidentNames()) {
    it(`${name}: shards by stream, serialized and merged in any order, equal one pass`, () => {
      const { events, windows } = loadFixture(name);
      const whole = collectEvents(events, windows);
      const parts = byStream(events, 5).map(
        (shard) => JSON.parse(JSON.stringify(collectShard(shard, windows))) as PartialCollection,
      );
      expect(plain(mergePartials(parts, windows))).toEqual(plain(whole));
      expect(plain(mergePartials([...parts].reverse(), windows))).toEqual(plain(whole));
    });
  }

  it('a generated window (a fixture on many streams): the sharded report is the single-pass report', () => {
    const fixture = loadFixture('f02-itinerary-render-cache-leak');
    const { input, windows } = fixture;
    const events = duplicated(fixture.events, 7);
    const parts = byStream(events, 8).map(
      (shard) => JSON.parse(JSON.stringify(collectShard(shard, windows))) as PartialCollection,
    );
    expect(parts.filter((p) => p.linesScanned > 0).length).toBeGreaterThan(4);
    const single = analyzeIncident({ alarmEvent: input.alarmEvent, events, sourceNotes: input.notes });
    const sharded = analyzeIncident({
      alarmEvent: input.alarmEvent,
      partials: parts,
      sourceNotes: input.notes,
    });
    if (!single.ok || !sharded.ok) throw new Error('the analysis refused the window');
    expect(sharded.report).toEqual(single.report);
    expect(sharded.report.rootCause.service).toBe('itinerary-service');
    expect(single.report.stats.linesScanned).toBe(events.length);
  });

  it('refuses to merge shards collected with other windows', () => {
    const { events, windows } = loadFixture('f09-alarm-without-cause');
    const other = { ...windows, alarmAt: windows.alarmAt + 1 };
    expect(() => mergePartials([collectShard(events, other)], windows)).toThrow(/other windows/);
  });

  it('a miner snapshot restores the same templates and ids', () => {
    const miner = new TemplateMiner();
    for (let i = 0; i < 50; i++)
      miner.add(`user ${i} logged in from host-${i % 3}`, i % 2 ? 'incident' : 'baseline');
    miner.add('disk full on /var');
    const restored = TemplateMiner.fromSnapshot(JSON.parse(JSON.stringify(miner.snapshot())));
    expect(restored.templates()).toEqual(miner.templates());
  });
});
