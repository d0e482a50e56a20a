import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeLocally,
  type ParallelPolicy,
  readAlarmFile,
} from '../../shared/composition/local-analysis.ts';
import { workerPool } from '../../shared/composition/local-shard-pool.ts';
import type { Report } from '../../shared/domain/report.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const INCIDENTS = join(ROOT, 'test/fixtures/incidents');
/** Folders of several groups and streams (slices and buckets of each), and one with a single stream. */
const FOLDERS = [
  join(INCIDENTS, 'f03-statement-export-connection-leak'),
  join(INCIDENTS, 'f05-ledger-postgres-wal-volume-full'),
  join(INCIDENTS, 'f06-voucher-api-missing-signing-key'),
  join(INCIDENTS, 'f07-tickets-broker-partitioned'),
  join(INCIDENTS, 'f13-session-redis-cascade'),
  join(ROOT, 'examples/itinerary-render-cache-leak'),
];
/** Threads whatever the window's size: the folder fetched and collected on them, in one pass per thread. */
const ALWAYS: ParallelPolicy = { minEvents: 0, minFetchBytes: 0, workers: 2 };

let root: string;
let homes = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-parallel-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The report of one local analysis of `dir` (in a fresh home), and its progress lines. */
async function analyze(dir: string, parallel: ParallelPolicy): Promise<{ report: Report; lines: string[] }> {
  const lines: string[] = [];
  const result = await analyzeLocally({
    dir,
    alarmEvent: readAlarmFile(dir),
    source: 'folder',
    home: join(root, `home-${homes++}`),
    windows: {},
    parallel,
    progress: (line) => lines.push(line),
  });
  if (!result.ok) throw new Error(result.error);
  return { report: { ...result.report, stats: { ...result.report.stats, durationMs: 0 } }, lines };
}

describe('the collect Map on worker threads (local runner)', () => {
  it.each(FOLDERS)(
    'gives the report of the Map run in process: %s',
    async (dir) => {
      const threaded = await analyze(dir, ALWAYS);
      const inProcess = await analyze(dir, { workers: 1 });
      expect(threaded.lines).toContain('logs collected on 2 worker threads');
      expect(inProcess.lines.some((l) => l.includes('worker threads'))).toBe(false);
      expect(threaded.report).toEqual(inProcess.report);
    },
    120_000,
  );

  it('keeps a small window on this thread (no worker started)', async () => {
    const dir = FOLDERS[1] as string;
    const small = await analyze(dir, { workers: 2 }); // far below PARALLEL_MIN_EVENTS
    expect(small.lines.some((l) => l.includes('worker threads'))).toBe(false);
  }, 120_000);

  it('collects on this thread what a worker that cannot start or that stops would have, to the same report', async () => {
    const dir = FOLDERS[0] as string;
    const expected = (await analyze(dir, { workers: 1 })).report;
    const cannotStart = await analyze(dir, {
      ...ALWAYS,
      start: () => {
        throw new Error('no threads here');
      },
    });
    expect(cannotStart.report).toEqual(expected);
    expect(cannotStart.lines.some((l) => /item\(s\) were run on this thread instead/.test(l))).toBe(true);

    const stops = await analyze(dir, {
      ...ALWAYS,
      start: () => new Worker('process.exit(3)', { eval: true }),
    });
    expect(stops.report).toEqual(expected);
    expect(stops.lines.some((l) => /item\(s\) were run on this thread instead/.test(l))).toBe(true);
  }, 120_000);

  it("rejects with the step's own error, by name, and does not run the item again in process", async () => {
    let ranHere = 0;
    const pool = workerPool({
      size: 1,
      data: { blobRoot: join(root, 'no-blobs'), settings: { windows: {} } },
    });
    const collect = pool.task('collect-shard', async (state) => {
      ranHere++;
      return state;
    });
    try {
      const failed = collect({ incidentId: 'INC-00000000', alarmKey: 'incidents/INC-00000000/alarm.json' });
      await expect(failed).rejects.toThrow(
        'collect-shard needs its bucket and the manifests of the fetch slices',
      );
      await expect(failed).rejects.toMatchObject({ name: 'Error' });
      expect([pool.started(), pool.recovered(), ranHere]).toEqual([1, 0, 0]);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('starts the jobs given in one turn heaviest first', async () => {
    const order: string[] = [];
    const pool = workerPool({
      size: 1,
      data: { blobRoot: join(root, 'no-blobs'), settings: { windows: {} } },
      // No thread: the queued jobs run in process, in the order the pool starts them.
      start: () => {
        throw new Error('no threads here');
      },
    });
    const job = (name: string, weight: number) =>
      pool.run(
        { step: 'collect-shard', state: { incidentId: 'INC-00000000', alarmKey: name } },
        async () => order.push(name),
        weight,
      );
    await Promise.all([job('light', 1), job('heavy', 30), job('none', 0), job('middle', 7)]);
    expect(order).toEqual(['heavy', 'middle', 'light', 'none']);
    await pool.close();
  });
});
