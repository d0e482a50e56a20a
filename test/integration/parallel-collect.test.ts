import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDirect, type RunOptions } from '../../bin/cli/analyze-command.ts';
import { type StartWorker, startCollectWorker } from '../../shared/adapters/local/collect-worker-entry.ts';
import { IncidentFolderSource } from '../../shared/adapters/local/incident-folder.ts';
import { collectFolderInParallel } from '../../shared/adapters/local/parallel-collect.ts';
import {
  loadIncidentFolder,
  type ParallelPolicy,
} from '../../shared/adapters/local/parallel-folder-source.ts';
import { ownerOf } from '../../shared/adapters/local/stream-owner.ts';
import { analyzeIncident } from '../../shared/analysis/analyze.ts';
import { computeWindows, DEFAULT_WINDOWS } from '../../shared/analysis/window.ts';
import { parseAlarmEvent } from '../../shared/domain/alarm.ts';
import type { Report } from '../../shared/domain/report.ts';
import { manyStreams } from './many-streams.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INCIDENTS = join(ROOT, 'test/fixtures/incidents');
/** Folders whose streams fall on both of two shards, and one with a single stream (one shard idle). */
const FOLDERS = [
  join(INCIDENTS, 'd03-worker-connection-leak'),
  join(INCIDENTS, 'd05-postgres-wal-disk-full'),
  join(INCIDENTS, 'd06-missing-secret-config'),
  join(INCIDENTS, 'd07-rabbitmq-node-down'),
  join(INCIDENTS, 'hg68-auth-redis-cascade-sampled'),
  join(ROOT, 'examples/d02-coupon-cache-leak'),
];
const ALWAYS: ParallelPolicy = { minBytes: 0, workers: 2 };
const ALARM_TEXT = readFileSync(join(ROOT, 'examples/d02-coupon-cache-leak/alarm.json'), 'utf8');
const T = 1775659380000;

let root: string;
let counter = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-parallel-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = join(root, `incident-${counter++}`);
  mkdirSync(dir);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return dir;
}

/** The report of a folder read on this thread, as the CLI made it before it had threads. */
function singleThread(dir: string): Report {
  const input = new IncidentFolderSource(dir).load();
  const result = analyzeIncident({
    alarmEvent: input.alarmEvent,
    events: input.events,
    sourceNotes: input.notes,
  });
  if (!result.ok) throw new Error(result.error);
  return { ...result.report, stats: { ...result.report.stats, durationMs: 0 } };
}

async function parallel(
  dir: string,
  policy: ParallelPolicy = ALWAYS,
): Promise<{ report: Report; threads: number }> {
  const { input, threads } = await loadIncidentFolder(dir, {}, policy);
  const result = analyzeIncident({ ...input, sourceNotes: input.notes });
  if (!result.ok) throw new Error(result.error);
  return { report: { ...result.report, stats: { ...result.report.stats, durationMs: 0 } }, threads };
}

/** The windows the analysis uses for a folder's alarm. */
function windowsOf(dir: string) {
  const parsed = parseAlarmEvent(JSON.parse(readFileSync(join(dir, 'alarm.json'), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.error);
  return computeWindows(Date.parse(parsed.alarm.triggeredAt), DEFAULT_WINDOWS);
}

/** A worker that fails as told, for every shard or only for `shard`. */
function failing(code: string, shard?: number): StartWorker {
  return (job) =>
    shard === undefined || job.shard === shard ? new Worker(code, { eval: true }) : startCollectWorker(job);
}

describe('an incident folder collected on worker threads', () => {
  it('d02 on many streams with stack traces one line per event: the same report as one thread', async () => {
    const dir = folder({ 'alarm.json': ALARM_TEXT, 'logs.jsonl': manyStreams(4) });
    const single = singleThread(dir);
    for (const workers of [2, 3]) {
      const { report, threads } = await parallel(dir, { minBytes: 0, workers });
      expect(threads).toBe(workers);
      expect(report).toEqual(single);
    }
    expect(single.rootCause.service).toBe('payment-service');
  });

  for (const dir of FOLDERS) {
    it(`${dir.slice(ROOT.length)}: the same report as one thread`, async () => {
      const { report, threads } = await parallel(dir);
      expect(threads).toBe(2);
      expect(report).toEqual(singleThread(dir));
    });
  }

  it('three threads on a fixture: the same report again', async () => {
    const dir = join(INCIDENTS, 'd04-inventory-timeouts');
    const { report, threads } = await parallel(dir, { minBytes: 0, workers: 3 });
    expect(threads).toBe(3);
    expect(report).toEqual(singleThread(dir));
  });

  it('shares the lines out by stream: every shard collects some, together all of them', async () => {
    const dir = join(INCIDENTS, 'd07-rabbitmq-node-down');
    const { partials } = await collectFolderInParallel(dir, windowsOf(dir), { workers: 3 });
    expect(partials).toHaveLength(3);
    const scanned = partials.map((p) => p.linesScanned);
    for (const n of scanned) expect(n).toBeGreaterThan(0);
    expect(scanned.reduce((a, b) => a + b, 0)).toBe(singleThread(dir).stats.linesScanned);
  });

  it('counts rejected and coerced lines once, by reason in order of first sight, as one read does', async () => {
    const good = (n: number, stream: string) =>
      JSON.stringify({ logGroup: '/ecs/ok', logStream: stream, timestamp: T + n, message: `good ${n}` });
    const lines = [
      good(0, 'a'),
      '{"logGroup": "/ecs/ok", "timestamp": ', // not valid JSON
      JSON.stringify({ logGroup: '/ecs/ok', logStream: 'b', message: 'no time' }),
      good(1, 'b'),
      '',
      JSON.stringify([1, 2]),
      JSON.stringify({ timestamp: T, message: 'no group' }),
      JSON.stringify({ logGroup: '/ecs/ok', logStream: 'c', timestamp: T, message: { level: 'error' } }),
      'plain text',
      JSON.stringify({ logGroup: '/ecs/ok', logStream: 'a', timestamp: 'soon', message: 'x' }),
      JSON.stringify({ logGroup: '/ecs/other', logStream: 'd', timestamp: T + 2, message: null }),
      good(2, 'c'),
      JSON.stringify({ logGroup: '/ecs/other', logStream: 'e', timestamp: T + 3, message: 7 }),
    ];
    const dir = folder({ 'alarm.json': ALARM_TEXT, 'logs.jsonl': lines.join('\n') });
    const rejectedAt = [1, 2, 5, 6, 8, 9, 10];
    const ownerOfLine = (text: string) => {
      try {
        return ownerOf(JSON.parse(text), 2);
      } catch {
        return 0;
      }
    };
    // Both shards of two own some rejected lines: the counts come from both.
    expect(new Set(rejectedAt.map((i) => ownerOfLine(lines[i] as string)))).toEqual(new Set([0, 1]));
    const single = new IncidentFolderSource(dir).load();
    for (const _ of single.events);
    expect(single.notes).toEqual([
      '2 line(s) of logs.jsonl rejected: not valid JSON.',
      '2 line(s) of logs.jsonl rejected: no numeric timestamp.',
      '1 line(s) of logs.jsonl rejected: not a JSON object.',
      '1 line(s) of logs.jsonl rejected: no logGroup.',
      '1 line(s) of logs.jsonl rejected: no message.',
      '2 event(s) had a non-text message, kept as its JSON text.',
    ]);
    for (const workers of [2, 3]) {
      const { notes, partials } = await collectFolderInParallel(dir, windowsOf(dir), { workers });
      expect(notes, `${workers} workers`).toEqual(single.notes);
      expect(partials).toHaveLength(workers);
    }
    const { report } = await parallel(dir);
    expect(report).toEqual(singleThread(dir));
  });

  it('notes an empty or a missing logs.jsonl as one read does', async () => {
    const empty = folder({ 'alarm.json': ALARM_TEXT, 'logs.jsonl': '' });
    const missing = folder({ 'alarm.json': ALARM_TEXT });
    for (const dir of [empty, missing]) {
      const single = new IncidentFolderSource(dir).load();
      for (const _ of single.events);
      const { notes, partials } = await collectFolderInParallel(dir, windowsOf(dir), { workers: 2 });
      expect(notes).toEqual(single.notes);
      expect(notes).toHaveLength(1);
      const merged = analyzeIncident({
        alarmEvent: single.alarmEvent,
        partials,
        sourceNotes: notes,
      });
      if (!merged.ok) throw new Error(merged.error);
      expect({ ...merged.report, stats: { ...merged.report.stats, durationMs: 0 } }).toEqual(
        singleThread(dir),
      );
    }
  });

  it('keeps a small folder on this thread, and one thread when told', async () => {
    const dir = join(INCIDENTS, 'd01-payments-worker-oom');
    expect((await loadIncidentFolder(dir, {})).threads).toBe(1); // far below PARALLEL_MIN_BYTES
    expect((await loadIncidentFolder(dir, {}, { minBytes: 0, workers: 1 })).threads).toBe(1);
  });
});

describe('a collection worker that fails', () => {
  const dir = join(INCIDENTS, 'd05-postgres-wal-disk-full');

  it('rejects with the error of a worker that throws, whichever shard it holds', async () => {
    for (const shard of [0, 1]) {
      await expect(
        collectFolderInParallel(dir, windowsOf(dir), {
          workers: 2,
          start: failing('throw new Error("disk on fire")', shard),
        }),
      ).rejects.toThrow(
        `the collection worker of shard ${shard} failed (disk on fire) before returning its shard`,
      );
    }
  });

  it('rejects when a worker exits without its shard, or sends something else', async () => {
    await expect(
      collectFolderInParallel(dir, windowsOf(dir), { workers: 2, start: failing('process.exit(3)', 1) }),
    ).rejects.toThrow('the collection worker of shard 1 stopped (exit code 3) before returning its shard');
    const wrong = 'require("node:worker_threads").parentPort.postMessage({ shard: 0 })';
    await expect(
      collectFolderInParallel(dir, windowsOf(dir), { workers: 2, start: failing(wrong, 0) }),
    ).rejects.toThrow('the collection worker of shard 0 sent something else than its shard');
  });

  it('rejects when a worker cannot start, and stops the one already started', async () => {
    const started: Worker[] = [];
    const start: StartWorker = (job) => {
      if (job.shard === 1) throw new Error('no threads left');
      const worker = startCollectWorker(job);
      started.push(worker);
      return worker;
    };
    await expect(collectFolderInParallel(dir, windowsOf(dir), { workers: 2, start })).rejects.toThrow(
      'no threads left',
    );
    expect(started).toHaveLength(1);
    expect(started[0]?.threadId).toBe(-1); // stopped
  });

  it('falls back to one thread, says so in the notes, and the rest of the report is unchanged', async () => {
    const { report, threads } = await parallel(dir, { ...ALWAYS, start: failing('process.exit(1)') });
    expect(threads).toBe(1);
    const single = singleThread(dir);
    const notes = report.limitations as string[];
    expect(notes[0]).toMatch(
      /^The logs could not be collected on 2 threads \(the collection worker of shard \d stopped \(exit code 1\) before returning its shard\): they were read on one thread instead\.$/,
    );
    expect({ ...report, limitations: notes.slice(1) }).toEqual(single);
  });
});

describe('the CLI direct engine', () => {
  it('collects a folder on threads when told, into the report of one thread', async () => {
    const dir = join(root, 'cli-d02');
    cpSync(join(ROOT, 'examples/d02-coupon-cache-leak'), dir, { recursive: true });
    const run = (parallel: ParallelPolicy): RunOptions => ({
      dir,
      windows: {},
      source: 'folder',
      home: join(root, 'unused-home'),
      parallel,
    });
    const threaded = await analyzeDirect(run(ALWAYS));
    const single = await analyzeDirect(run({ workers: 1 }));
    if (!threaded.ok || !single.ok) throw new Error('the analysis refused the folder');
    threaded.report.stats.durationMs = 0;
    single.report.stats.durationMs = 0;
    expect(threaded.report).toEqual(single.report);
    expect(threaded.report.rootCause.service).toBe('payment-service');
  });
});
