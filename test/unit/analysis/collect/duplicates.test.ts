import { describe, expect, it } from 'vitest';
import { analyzeIncident } from '../../../../shared/analysis/analyze.ts';
import { SAME_MS_KEPT, STREAM_EVENTS_KEPT } from '../../../../shared/analysis/collect/duplicate-filter.ts';
import {
  type Collected,
  collectEvents,
  collectShard,
  DuplicateFilter,
  duplicatesNote,
  mergePartials,
  type PartialCollection,
} from '../../../../shared/analysis/collect/index.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { shardOfStream } from '../../../../shared/workflow/state.ts';

const ALARM_AT = Date.parse('2026-05-19T22:10:00.000Z');
const MIN = 60_000;
const windows = computeWindows(ALARM_AT);

/** A small incident: the orders API logs routinely, then its database pool runs dry before the alarm. */
function alarmEvent() {
  return {
    version: '0',
    id: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '123456789012',
    time: new Date(ALARM_AT).toISOString(),
    region: 'eu-west-1',
    resources: ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-5xx'],
    detail: {
      alarmName: 'orders-5xx',
      state: {
        value: 'ALARM',
        reason: 'Threshold Crossed: 1 datapoint [9.0] was greater than the threshold (5.0).',
        timestamp: new Date(ALARM_AT).toISOString().replace('Z', '+0000'),
      },
      previousState: { value: 'OK', reason: 'ok', timestamp: '2026-05-19T20:00:00.000+0000' },
      configuration: { description: 'orders API errors' },
    },
  };
}

let nextId = 0;
function event(stream: string, at: number, message: string): LogEvent {
  nextId++;
  return {
    logGroup: stream.startsWith('db') ? '/ecs/orders-db' : '/ecs/orders-api',
    logStream: stream,
    timestamp: at,
    message,
    eventId: `3794${String(nextId).padStart(12, '0')}`,
  };
}

/**
 * One page of FilterLogEvents: several streams interleaved in time, routine lines from 50 minutes
 * before the alarm, pool errors from 8 minutes before it.
 */
function page(): LogEvent[] {
  const events: LogEvent[] = [];
  for (let i = 0; i < 120; i++) {
    const at = ALARM_AT - 50 * MIN + i * 25_000;
    const stream = `api-${i % 3}`;
    events.push(event(stream, at, `INFO GET /orders/${1000 + i} served in ${12 + (i % 9)} ms`));
    if (at >= ALARM_AT - 8 * MIN) {
      events.push(
        event(stream, at + 3, `ERROR could not get a connection from pool orders-db within 5000 ms`),
      );
      events.push(event('db-primary', at + 5, `WARN connection slots exhausted: ${i % 7} waiting`));
    }
  }
  return events;
}

/** Maps and Sets as ordered arrays, so equality also checks their order. */
function plain(c: Collected): unknown {
  return JSON.parse(
    JSON.stringify(c, (_k, v: unknown) =>
      v instanceof Map ? { map: [...v.entries()] } : v instanceof Set ? { set: [...v] } : v,
    ),
  );
}

/** The sharded path: events split by log stream, each shard collected apart, serialized, merged. */
function sharded(events: LogEvent[], shards: number): PartialCollection[] {
  const parts: LogEvent[][] = Array.from({ length: shards }, () => []);
  for (const e of events) parts[shardOfStream(e.logGroup, e.logStream, shards)]?.push(e);
  return parts.map((p) => JSON.parse(JSON.stringify(collectShard(p, windows))) as PartialCollection);
}

describe('exact duplicate events', () => {
  it('a page delivered twice (a retried page) counts each event once through the events entry', () => {
    const once = page();
    const twice = [...once, ...once];
    const single = collectEvents(once, windows);
    const retried = collectEvents(twice, windows);
    expect(single.duplicates).toBe(0);
    expect(retried.duplicates).toBe(once.length);
    expect(retried.linesScanned).toBe(once.length);
    expect(plain({ ...retried, duplicates: 0 })).toEqual(plain(single));
  });

  it('a page delivered twice counts each event once through the sharded path, in any shard order', () => {
    const once = page();
    const twice = [...once, ...once];
    const parts = sharded(twice, 4);
    expect(parts.filter((p) => p.linesScanned > 0).length).toBeGreaterThan(1);
    const merged = mergePartials(parts, windows);
    expect(merged.duplicates).toBe(once.length);
    expect(plain(merged)).toEqual(plain(collectEvents(twice, windows)));
    expect(plain(mergePartials([...parts].reverse(), windows))).toEqual(plain(merged));
  });

  it('are said in the report, which is the same from events and from partial collections', () => {
    const once = page();
    const twice = [...once, ...once];
    const fromEvents = analyzeIncident({ alarmEvent: alarmEvent(), events: twice });
    const fromPartials = analyzeIncident({ alarmEvent: alarmEvent(), partials: sharded(twice, 3) });
    const clean = analyzeIncident({ alarmEvent: alarmEvent(), events: once });
    if (!fromEvents.ok || !fromPartials.ok || !clean.ok) throw new Error('the analysis refused the window');
    expect(fromPartials.report).toEqual(fromEvents.report);
    expect(fromEvents.report.stats.linesScanned).toBe(clean.report.stats.linesScanned);
    expect(fromEvents.report.limitations).toContain(duplicatesNote(once.length));
    expect(JSON.stringify(clean.report.limitations)).not.toContain('exact duplicate');
    expect(fromEvents.report.rootCause.service).toBe(clean.report.rootCause.service);
  });

  it('are the same group, stream, timestamp, message and event id: a change in any one keeps the event', () => {
    const base: LogEvent = {
      logGroup: '/ecs/orders-api',
      logStream: 'api-0',
      timestamp: ALARM_AT,
      message: 'ERROR pool exhausted',
      eventId: '1',
    };
    const filter = new DuplicateFilter();
    expect(filter.seen(base)).toBe(false);
    expect(filter.seen({ ...base })).toBe(true);
    for (const change of [
      { logGroup: '/ecs/other' },
      { logStream: 'api-1' },
      { timestamp: ALARM_AT + 1 },
      { message: 'ERROR pool exhausted again' },
      { eventId: '2' },
    ]) {
      expect(new DuplicateFilter().seen({ ...base, ...change }), JSON.stringify(change)).toBe(false);
      const fresh = new DuplicateFilter();
      fresh.seen(base);
      expect(fresh.seen({ ...base, ...change }), JSON.stringify(change)).toBe(false);
    }
  });

  it('keeps masked lines alike without an event id: what was masked may have told them apart', () => {
    const masked: LogEvent = {
      logGroup: '/ecs/orders-api',
      logStream: 'api-0',
      timestamp: ALARM_AT,
      message: 'GET /orders 200 from [REDACTED:ip-address]',
    };
    const filter = new DuplicateFilter();
    expect(filter.seen(masked)).toBe(false);
    expect(filter.seen({ ...masked })).toBe(false);
    // With the event id the source gave, the same masked event twice is one event.
    const withId = new DuplicateFilter();
    expect(withId.seen({ ...masked, eventId: '7' })).toBe(false);
    expect(withId.seen({ ...masked, eventId: '7' })).toBe(true);
  });

  it('remembers the latest events of each stream, whatever the other streams log meanwhile', () => {
    const filter = new DuplicateFilter();
    const of = (stream: string, i: number): LogEvent => ({
      logGroup: '/ecs/orders-api',
      logStream: stream,
      timestamp: ALARM_AT + i,
      message: `line ${i}`,
    });
    const mine = Array.from({ length: STREAM_EVENTS_KEPT }, (_, i) => of('mine', i));
    for (const e of mine) expect(filter.seen(e)).toBe(false);
    for (let i = 0; i < 5 * STREAM_EVENTS_KEPT; i++) filter.seen(of('busy', i));
    for (const e of mine) expect(filter.seen({ ...e })).toBe(true);
  });

  it('is bounded: an event older than the stream memory, or past a burst of one millisecond, is kept', () => {
    const filter = new DuplicateFilter();
    const of = (i: number, at = ALARM_AT + i): LogEvent => ({
      logGroup: '/ecs/orders-api',
      logStream: 'api-0',
      timestamp: at,
      message: `line ${i}`,
    });
    for (let i = 0; i <= STREAM_EVENTS_KEPT; i++) filter.seen(of(i));
    expect(filter.seen(of(0))).toBe(false);
    expect(filter.seen(of(STREAM_EVENTS_KEPT))).toBe(true);

    const burst = new DuplicateFilter();
    for (let i = 0; i <= SAME_MS_KEPT; i++) burst.seen(of(i, ALARM_AT));
    expect(burst.seen(of(SAME_MS_KEPT - 1, ALARM_AT))).toBe(true);
    expect(burst.seen(of(SAME_MS_KEPT, ALARM_AT))).toBe(false);
  });
});
