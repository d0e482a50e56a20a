import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../../../shared/adapters/local/memory-blob-store.ts';
import { folderFetcher } from '../../../shared/composition/local.ts';
import { folderOnWorkers } from '../../../shared/composition/local-fetch-map.ts';
import { collectFolderBuckets } from '../../../shared/composition/local-folder-collect.ts';
import type { WorkerPool } from '../../../shared/composition/local-shard-pool.ts';
import type { WorkflowDeps } from '../../../shared/workflow/deps.ts';
import { SINGLE_SLICE } from '../../../shared/workflow/fetch-slices.ts';
import { type SliceManifest, shardKey } from '../../../shared/workflow/state.ts';
import { collectShard } from '../../../shared/workflow/steps/collect-shard.ts';
import { fetchSlice } from '../../../shared/workflow/steps/fetch-slice.ts';
import { planFetch } from '../../../shared/workflow/steps/plan-fetch.ts';

const ALARM = readFileSync(new URL('../../fixtures/alarms/booking-edge-5xx.json', import.meta.url), 'utf8');
const AT = Date.parse((JSON.parse(ALARM) as { time: string }).time);
const BUCKETS = 8;
const INCIDENT = 'INC-0000f01d';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-folder-collect-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/**
 * A folder of a checkout service failing its payment calls, with what real files hold besides:
 * several groups and streams (one named by an address), repeated lines, lines that are no event.
 */
function checkoutFolder(): string {
  const dir = join(root, 'checkout');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'alarm.json'), ALARM);
  const lines: string[] = [];
  for (let i = 0; i < 900; i++) {
    const at = AT - 40 * 60_000 + i * 3_000;
    const group = ['/ecs/checkout', '/ecs/payments', '/ecs/ledger'][i % 3] as string;
    const stream = i % 7 === 0 ? `task on 10.2.${i % 3}.9` : `task-${i % 5}`;
    const failing = at > AT - 5 * 60_000 && group === '/ecs/payments';
    const message = failing
      ? `ERROR charge ${i} failed: connection refused by card gateway after ${i % 40} ms`
      : `INFO charge ${i} accepted in ${i % 90} ms`;
    if (i % 97 === 13) lines.push('{"logGroup": "/ecs/checkout", truncated');
    else if (i % 89 === 21) lines.push(JSON.stringify({ message: 'no group' }));
    else if (i % 83 === 5)
      lines.push(
        JSON.stringify({ logGroup: group, logStream: stream, timestamp: at, message: { charge: i } }),
      );
    else lines.push(JSON.stringify({ logGroup: group, logStream: stream, timestamp: at, message }));
    if (i % 50 === 0) lines.push(lines.at(-1) as string); // a repeated line
  }
  writeFileSync(join(dir, 'logs.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}

function deps(dir: string, blobs: MemoryBlobStore): WorkflowDeps {
  return {
    blobs,
    fetcher: folderFetcher(dir),
    logGroups: { alarmLogGroups: {}, defaultLogGroups: [] },
    windows: {},
    shards: BUCKETS,
    eventsPerPart: 40, // many parts per bucket: the fused read must equal their concatenation
    fetchSlicing: SINGLE_SLICE,
    consoleUrl: null,
    clock: () => 0,
  } as unknown as WorkflowDeps;
}

describe('an incident folder fetched and collected in one pass per reader', () => {
  it("keeps each bucket's partial as collect-shard keeps it from the fetch's parts, with the fetch's count and notes", async () => {
    const dir = checkoutFolder();
    // The two Maps as the state machine runs them: fetch-slice, then collect-shard per bucket.
    const stepBlobs = new MemoryBlobStore();
    const stepDeps = deps(dir, stepBlobs);
    await stepBlobs.put('alarm', ALARM);
    const planned = await planFetch.run({ incidentId: INCIDENT, alarmKey: 'alarm' }, stepDeps);
    expect(planned.slices).toHaveLength(1);
    const slice = planned.slices?.[0];
    if (!slice || !planned.eventsKey) throw new Error('no slice planned');
    const fetched = await fetchSlice.run(
      { incidentId: INCIDENT, alarmKey: 'alarm', slice, sliceIndex: 0, eventsKey: planned.eventsKey },
      stepDeps,
    );
    const manifest = JSON.parse(await stepBlobs.get(fetched.sliceKey as string)) as SliceManifest;
    expect(manifest.notes.length).toBeGreaterThanOrEqual(2);
    for (let b = 0; b < BUCKETS; b++) {
      await collectShard.run(
        {
          incidentId: INCIDENT,
          alarmKey: 'alarm',
          sliceKeys: [fetched.sliceKey as string],
          buckets: planned.buckets ?? [],
          shardIndex: b,
        },
        stepDeps,
      );
    }

    // The same folder read by three readers, each collecting its own buckets.
    const fusedBlobs = new MemoryBlobStore();
    await fusedBlobs.put('alarm', ALARM);
    const request = {
      logGroups: slice.logGroups,
      startTime: slice.startTime,
      endTime: slice.endTime,
      openStart: true,
      openEnd: true,
    };
    const results = await Promise.all(
      [0, 1, 2].map((reader) =>
        collectFolderBuckets(
          {
            logsPath: join(dir, 'logs.jsonl'),
            request,
            incidentId: INCIDENT,
            alarmKey: 'alarm',
            buckets: BUCKETS,
            mine: [...Array(BUCKETS).keys()].filter((b) => b % 3 === reader),
          },
          deps(dir, fusedBlobs),
        ),
      ),
    );
    expect(results.reduce((n, r) => n + r.events, 0)).toBe(manifest.events);
    expect(results.flatMap((r) => r.shards.map(([b]) => b)).sort()).toEqual([...Array(BUCKETS).keys()]);
    for (let b = 0; b < BUCKETS; b++) {
      expect(await fusedBlobs.get(shardKey(INCIDENT, b))).toEqual(await stepBlobs.get(shardKey(INCIDENT, b)));
    }
    expect([...fusedBlobs.blobs.keys()].some((k) => k.includes('/events/'))).toBe(false);
  });

  it('leaves a plan of several slices to the steps themselves: nothing fused, no partial claimed', async () => {
    const dir = checkoutFolder();
    const blobs = new MemoryBlobStore();
    await blobs.put('alarm', ALARM);
    const d = deps(dir, blobs);
    const planned = await planFetch.run({ incidentId: INCIDENT, alarmKey: 'alarm' }, d);
    const slice = planned.slices?.[0];
    if (!slice || !planned.eventsKey) throw new Error('no slice planned');
    const jobs: string[] = [];
    const pool = {
      run: async <T>(job: { step: string }, inProcess: () => Promise<T>) => {
        jobs.push(job.step);
        return inProcess();
      },
    } as unknown as WorkerPool;
    const fused = folderOnWorkers({ folder: dir, pool, workers: 2, deps: d, minBytes: 0 });
    fused.planned({ ...planned, slices: [slice, slice] });
    const out = await fused.fetch({
      incidentId: INCIDENT,
      alarmKey: 'alarm',
      slice,
      sliceIndex: 0,
      eventsKey: planned.eventsKey,
    });
    expect(jobs).toEqual([]);
    const manifest = JSON.parse(await blobs.get(out.sliceKey as string)) as SliceManifest;
    expect(manifest.parts.flat().length).toBeGreaterThan(0); // the step wrote its parts
    expect(
      fused.collected({
        incidentId: INCIDENT,
        alarmKey: 'alarm',
        sliceKeys: [out.sliceKey as string],
        shardIndex: 0,
      }),
    ).toBeUndefined();

    // Planned as one slice, the same folder is read by the pool's readers and claims every bucket.
    fused.planned(planned);
    const one = await fused.fetch({
      incidentId: INCIDENT,
      alarmKey: 'alarm',
      slice,
      sliceIndex: 0,
      eventsKey: planned.eventsKey,
    });
    expect(jobs).toEqual(['folder-collect', 'folder-collect']);
    expect(
      fused.collected({
        incidentId: INCIDENT,
        alarmKey: 'alarm',
        sliceKeys: [one.sliceKey as string],
        shardIndex: 3,
      }),
    ).toBe(shardKey(INCIDENT, 3));
  });
});
