import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../../../shared/adapters/local/memory-blob-store.ts';
import { analyzeIncident } from '../../../shared/analysis/analyze.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';
import type { Report } from '../../../shared/domain/report.ts';
import type { FetchRequest, LogFetcher } from '../../../shared/ports/log-fetcher.ts';
import { BucketPartWriter } from '../../../shared/workflow/bucket-parts.ts';
import type { WorkflowDeps } from '../../../shared/workflow/deps.ts';
import {
  SHARDS,
  type SliceManifest,
  shardOfStream,
  type WorkflowState,
} from '../../../shared/workflow/state.ts';
import { analyze } from '../../../shared/workflow/steps/analyze.ts';
import { collectShard } from '../../../shared/workflow/steps/collect-shard.ts';
import { fetchSlice } from '../../../shared/workflow/steps/fetch-slice.ts';
import { planFetch } from '../../../shared/workflow/steps/plan-fetch.ts';

const ALARM = JSON.parse(
  readFileSync(new URL('../../fixtures/alarms/booking-edge-5xx.json', import.meta.url), 'utf8'),
) as { time: string };
const AT = Date.parse(ALARM.time);

/** A log store honouring the request's groups and inclusive range, as FilterLogEvents does; it records each request. */
function rangeFetcher(events: LogEvent[], notes: (r: FetchRequest) => string[] = () => []) {
  const requests: FetchRequest[] = [];
  const fetcher: LogFetcher = {
    fetch(request) {
      requests.push(request);
      const mine = events.filter(
        (e) =>
          request.logGroups.includes(e.logGroup) &&
          e.timestamp >= request.startTime &&
          e.timestamp <= request.endTime,
      );
      return {
        events: (async function* () {
          yield* mine;
        })(),
        outcome: { events: mine.length, bytes: 0, truncated: false, notes: notes(request) },
      };
    },
  };
  return { fetcher, requests };
}

function deps(blobs: MemoryBlobStore, fetcher: LogFetcher, extra: Partial<WorkflowDeps> = {}): WorkflowDeps {
  return {
    blobs,
    fetcher,
    logGroups: { alarmLogGroups: {}, defaultLogGroups: ['/ecs/api', '/ecs/db'] },
    windows: {},
    clock: () => 0,
    ...extra,
  } as WorkflowDeps;
}

/** What the two Maps do: fetch-slice per slice, then collect-shard per bucket; then analyze. */
async function runSharded(d: WorkflowDeps, blobs: MemoryBlobStore) {
  blobs.blobs.set('alarm', JSON.stringify(ALARM));
  const planned = await planFetch.run({ incidentId: 'INC-00000009', alarmKey: 'alarm' }, d);
  const sliceKeys: string[] = [];
  for (const [sliceIndex, slice] of (planned.slices ?? []).entries()) {
    const out = await fetchSlice.run(
      { incidentId: planned.incidentId, alarmKey: 'alarm', eventsKey: planned.eventsKey, slice, sliceIndex },
      d,
    );
    sliceKeys.push(out.sliceKey as string);
  }
  const shardKeys: string[] = [];
  for (const shardIndex of planned.buckets ?? []) {
    const out = await collectShard.run(
      { incidentId: planned.incidentId, alarmKey: 'alarm', sliceKeys, buckets: planned.buckets, shardIndex },
      d,
    );
    shardKeys.push(out.shardKey as string);
  }
  const correlated = await analyze.run({ ...planned, sliceKeys, shardKeys }, d);
  const evidence = JSON.parse(await blobs.get(correlated.offlineReportKey as string)) as { report: Report };
  return { planned, sliceKeys, correlated, report: evidence.report };
}

/** A window of two groups, many streams, events across the whole analysis window (baseline 60 min, tail 10). */
function generated(): LogEvent[] {
  const events: LogEvent[] = [];
  for (let i = 0; i < 6_000; i++) {
    const group = i % 3 === 0 ? '/ecs/db' : '/ecs/api';
    events.push({
      logGroup: group,
      logStream: `s-${i % 17}`,
      // From 60 minutes before the alarm to 10 after, in order.
      timestamp: AT - 60 * 60_000 + Math.floor((i * 70 * 60_000) / 6_000),
      message:
        i > 4_000 && group === '/ecs/db'
          ? `ERROR could not write to file "pg_wal/${i}": No space left on device`
          : `INFO request ${i} served in ${i % 90} ms`,
    });
  }
  return events;
}

describe('BucketPartWriter', () => {
  it('cuts a part at the line cap or the byte cap, whichever comes first, every stream in one bucket', async () => {
    const blobs = new MemoryBlobStore();
    const writer = new BucketPartWriter(
      blobs,
      4,
      { linesPerPart: 10, bytesPerPart: 2_000 },
      (b, n) => `p/${b}/${n}`,
    );
    const events: LogEvent[] = [];
    for (let i = 0; i < 200; i++) {
      // Stream "big" has 1 KB messages: two lines pass the byte cap.
      const big = i % 2 === 0;
      events.push({
        logGroup: '/g',
        logStream: big ? 'big' : `small-${i % 5}`,
        timestamp: i,
        message: big ? 'x'.repeat(1_000) : `m ${i}`,
      });
    }

    for (const e of events) await writer.add(e);
    const parts = await writer.finish();

    const bigBucket = shardOfStream('/g', 'big', 4);
    const texts = parts.map((keys) => keys.map((k) => blobs.blobs.get(k) ?? ''));
    for (const [bucket, bucketTexts] of texts.entries()) {
      for (const text of bucketTexts) {
        const lines = text.trimEnd().split('\n');
        expect(lines.length).toBeLessThanOrEqual(10);
        // Flushed once past the cap: at most one line beyond it.
        expect(Buffer.byteLength(text) - Buffer.byteLength(lines.at(-1) ?? '') - 1).toBeLessThan(2_000);
        for (const line of lines) {
          const e = JSON.parse(line) as LogEvent;
          expect(shardOfStream(e.logGroup, e.logStream, 4)).toBe(bucket);
        }
      }
    }
    // The 100 big lines went out two at a time (byte cap), not ten (line cap).
    const bigLines = (texts[bigBucket] ?? [])
      .flatMap((t) => t.trimEnd().split('\n'))
      .filter((l) => l.includes('"big"'));
    expect(bigLines).toHaveLength(100);
    expect((parts[bigBucket] ?? []).length).toBeGreaterThanOrEqual(50);
    // Nothing lost, nothing twice, each stream in order.
    const all = texts
      .flat()
      .flatMap((t) => t.trimEnd().split('\n'))
      .map((l) => JSON.parse(l) as LogEvent);
    expect(all.map((e) => e.timestamp).sort((a, b) => a - b)).toEqual(events.map((e) => e.timestamp));
    const big = all.filter((e) => e.logStream === 'big').map((e) => e.timestamp);
    expect(big).toEqual([...big].sort((a, b) => a - b));
  });

  it('makes a line bigger than the byte cap a part of its own', async () => {
    const blobs = new MemoryBlobStore();
    const writer = new BucketPartWriter(
      blobs,
      1,
      { linesPerPart: 100, bytesPerPart: 64 },
      (b, n) => `p/${b}/${n}`,
    );
    await writer.add({ logGroup: '/g', timestamp: 1, message: 'y'.repeat(500) });
    await writer.add({ logGroup: '/g', timestamp: 2, message: 'z' });
    const [parts] = await writer.finish();
    expect(parts).toHaveLength(2);
  });
});

describe('fetch-slice', () => {
  it("reads its slice's groups and range, writes parts per bucket and a manifest with the fetch's notes", async () => {
    const blobs = new MemoryBlobStore();
    const { fetcher, requests } = rangeFetcher(generated(), (r) => [`throttled on ${r.logGroups.join(',')}`]);
    const d = deps(blobs, fetcher, { eventsPerPart: 50 });
    const slice = { logGroups: ['/ecs/db'], startTime: AT - 30 * 60_000, endTime: AT - 15 * 60_000 - 1 };

    const out = await fetchSlice.run(
      { incidentId: 'INC-1', alarmKey: 'alarm', eventsKey: 'incidents/INC-1/events/', slice, sliceIndex: 3 },
      d,
    );

    expect(requests).toEqual([
      { logGroups: ['/ecs/db'], startTime: slice.startTime, endTime: slice.endTime },
    ]);
    expect(out).toEqual({
      incidentId: 'INC-1',
      alarmKey: 'alarm',
      sliceKey: 'incidents/INC-1/slices/slice-00003.json',
    });
    const manifest = JSON.parse(await blobs.get(out.sliceKey as string)) as SliceManifest;
    expect(manifest).toMatchObject({
      slice: 3,
      buckets: SHARDS,
      truncated: false,
      notes: ['throttled on /ecs/db'],
    });
    expect(manifest.parts).toHaveLength(SHARDS);
    const lines = manifest.parts.flat().flatMap((k) => (blobs.blobs.get(k) ?? '').trimEnd().split('\n'));
    expect(lines).toHaveLength(manifest.events);
    for (const [bucket, keys] of manifest.parts.entries()) {
      for (const key of keys) {
        expect(key).toMatch(
          new RegExp(`^incidents/INC-1/events/slice-00003-bucket-00${bucket}-part-\\d{5}\\.jsonl$`),
        );
      }
    }
  });
});

describe('the sharded fetch, slices then buckets', () => {
  it('reads every event once across the slices and analyzes to the single-pass report', async () => {
    const blobs = new MemoryBlobStore();
    const events = generated();
    const { fetcher, requests } = rangeFetcher(events, (r) =>
      r.logGroups[0] === '/ecs/db' ? ['log group /ecs/db was throttled: retried.'] : [],
    );
    const d = deps(blobs, fetcher, { eventsPerPart: 100, fetchSlicing: { sliceMs: 10 * 60_000 } });

    const { planned, sliceKeys, correlated, report } = await runSharded(d, blobs);

    // 70 minutes in 10-minute slices, two groups.
    expect(planned.slices).toHaveLength(14);
    expect(sliceKeys).toHaveLength(14);
    expect(requests).toHaveLength(14);
    const direct = analyzeIncident({ alarmEvent: ALARM, events, incidentId: 'INC-00000009', clock: () => 0 });
    if (!direct.ok) throw new Error(direct.error);
    expect(report.stats.linesScanned).toBe(events.length);
    // The throttling note of /ecs/db's seven slices is said once.
    expect(correlated.notes).toEqual(['log group /ecs/db was throttled: retried.']);
    expect({ ...report, limitations: [], stats: { ...report.stats, durationMs: 0 } }).toEqual({
      ...direct.report,
      limitations: [],
      stats: { ...direct.report.stats, durationMs: 0 },
    });
    expect(report.limitations).toContain('log group /ecs/db was throttled: retried.');
    // Only pointers left in the state.
    expect(correlated).not.toHaveProperty('slices');
    expect(correlated).not.toHaveProperty('sliceKeys');
    expect(JSON.stringify(correlated).length).toBeLessThan(2048);
  });

  it("collects a bucket's parts across the slices in slice order, and an empty bucket as nothing", async () => {
    const blobs = new MemoryBlobStore();
    blobs.blobs.set('alarm', JSON.stringify(ALARM));
    const line = (t: number) =>
      JSON.stringify({ logGroup: '/g', logStream: 's', timestamp: t, message: `m ${t}` });
    const manifest = (slice: number, parts: string[][]): SliceManifest => ({
      slice,
      buckets: 2,
      parts,
      events: 0,
      truncated: false,
      notes: [],
    });
    blobs.blobs.set('p0', `${line(AT - 100)}\n`);
    blobs.blobs.set('p1', `${line(AT - 50)}\n${line(AT - 40)}\n`);
    blobs.blobs.set('p2', `${line(AT - 10)}\n`);
    blobs.blobs.set('m0', JSON.stringify(manifest(0, [['p0', 'p1'], []])));
    blobs.blobs.set('m1', JSON.stringify(manifest(1, [['p2'], []])));
    const read: string[] = [];
    const d = deps(
      Object.assign(blobs, {
        get: async (key: string) => {
          read.push(key);
          return MemoryBlobStore.prototype.get.call(blobs, key);
        },
      }),
      rangeFetcher([]).fetcher,
    );
    const state: WorkflowState = {
      incidentId: 'INC-2',
      alarmKey: 'alarm',
      sliceKeys: ['m0', 'm1'],
      buckets: [0, 1],
    };

    const full = await collectShard.run({ ...state, shardIndex: 0 }, d);
    const empty = await collectShard.run({ ...state, shardIndex: 1 }, d);
    const correlated = await analyze.run(
      { ...state, eventsKey: 'e/', shardKeys: [full.shardKey as string, empty.shardKey as string] },
      d,
    );

    expect(read.filter((k) => k.startsWith('p'))).toEqual(['p0', 'p1', 'p2']);
    const evidence = JSON.parse(blobs.blobs.get(correlated.offlineReportKey as string) ?? '{}') as {
      report: Report;
    };
    expect(evidence.report.stats.linesScanned).toBe(4);
  });
});
