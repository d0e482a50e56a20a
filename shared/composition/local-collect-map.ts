import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { FileBlobStore } from '../adapters/local/file-blob-store.ts';
import type { WorkflowDeps } from '../workflow/deps.ts';
import { sliceManifests } from '../workflow/event-parts.ts';
import type { LocalTask } from '../workflow/local-runner.ts';
import { collectShard } from '../workflow/steps/collect-shard.ts';
import { fetchSlice } from '../workflow/steps/fetch-slice.ts';
import { type StartShardWorker, workerPool } from './local-shard-pool.ts';

/**
 * From this many fetched events on, the collect Map runs on worker threads. A worker costs about
 * 0.3 s to start and warm up; one thread mines about 100,000 events a second: below this, the
 * threads would mostly start.
 */
export const PARALLEL_MIN_EVENTS = 50_000;

/**
 * From this size of logs.jsonl on, the folder is also read on worker threads, one slice of its
 * log groups each. Each reader parses the whole file (about 4 µs a line) and masks only its own
 * groups' events: below this, one read on this thread is as fast.
 */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

/**
 * At most this many threads by default, whatever the cores: each holds a heap of its own and
 * reads the whole folder for a fetch.
 */
export const MAX_WORKERS = 4;

export interface ParallelPolicy {
  /** Fewest fetched events collected on threads (default PARALLEL_MIN_EVENTS). */
  minEvents?: number;
  /** Smallest logs.jsonl read on threads (default PARALLEL_MIN_BYTES). */
  minBytes?: number;
  /** Threads (default: the cores available, at most MAX_WORKERS); under 2, every item runs in process. */
  workers?: number;
  /** Starts a worker (default: local-shard-worker.ts; tests give one that fails). */
  start?: StartShardWorker;
}

export interface MapsOnWorkers {
  /** The local implementation of the Map steps' items, by step name. */
  tasks: Record<string, LocalTask>;
  /** Worker threads that ran items (0: all ran in process). */
  threads(): number;
  /** Items a failed worker left, run in process instead. */
  recovered(): number;
  close(): Promise<void>;
}

/**
 * The Map steps' items for the local runner: in process, as every step, or on a pool of worker
 * threads running the same step handlers on the same files, so the items of a Map run at once on
 * the cores there are. The collect Map goes to the threads for a big window (decided once per run
 * from the events the fetch read); the fetch Map, for a big incident folder (`folder`), which is
 * then cut into one slice of log groups per thread (decided now: it sets `deps.fetchSlicing`).
 */
export function mapsOnWorkers(
  deps: WorkflowDeps,
  folder: string | undefined,
  policy: ParallelPolicy = {},
): MapsOnWorkers {
  const collectHere: LocalTask = (state) => collectShard.run(state, deps);
  const workers = Math.floor(policy.workers ?? Math.min(availableParallelism(), MAX_WORKERS));
  const files = deps.blobs instanceof FileBlobStore ? deps.blobs : null;
  if (!files || workers < 2) {
    return { tasks: {}, threads: () => 0, recovered: () => 0, close: async () => {} };
  }
  const readOnThreads = folder !== undefined && bigFile(join(folder, 'logs.jsonl'), policy);
  const pool = workerPool({
    size: workers,
    data: {
      blobRoot: files.root,
      ...(readOnThreads ? { folder } : {}),
      settings: {
        windows: deps.windows,
        ...(deps.eventsPerPart !== undefined ? { eventsPerPart: deps.eventsPerPart } : {}),
        ...(deps.bytesPerPart !== undefined ? { bytesPerPart: deps.bytesPerPart } : {}),
        ...(deps.shards !== undefined ? { shards: deps.shards } : {}),
      },
    },
    ...(policy.start ? { start: policy.start } : {}),
  });
  const collectOnPool = pool.task('collect-shard', collectHere);
  let parallel: Promise<boolean> | null = null;
  const tasks: Record<string, LocalTask> = {
    'collect-shard': async (state) => {
      parallel ??= bigWindow(state.sliceKeys ?? [], deps, policy.minEvents ?? PARALLEL_MIN_EVENTS);
      return (await parallel) ? collectOnPool(state) : collectHere(state);
    },
  };
  if (readOnThreads) {
    // A stream belongs to one group: slices of whole groups read each stream in file order.
    deps.fetchSlicing = { sliceMs: Number.POSITIVE_INFINITY, groupsPerSlice: 1, maxSlices: workers };
    tasks['fetch-slice'] = pool.task('fetch-slice', (state) => fetchSlice.run(state, deps));
  }
  return {
    tasks,
    threads: () => pool.started(),
    recovered: () => pool.recovered(),
    close: () => pool.close(),
  };
}

function bigFile(path: string, policy: ParallelPolicy): boolean {
  if (!existsSync(path)) return false;
  const stat = statSync(path);
  return stat.isFile() && stat.size >= (policy.minBytes ?? PARALLEL_MIN_BYTES);
}

/** Whether the fetch slices read at least `minEvents` events (an unreadable manifest: no). */
async function bigWindow(sliceKeys: string[], deps: WorkflowDeps, minEvents: number): Promise<boolean> {
  try {
    const manifests = await sliceManifests(sliceKeys, deps);
    return manifests.reduce((n, m) => n + m.events, 0) >= minEvents;
  } catch {
    return false; // the step itself will say what is wrong with the manifests
  }
}
