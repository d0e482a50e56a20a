import { availableParallelism } from 'node:os';
import { FileBlobStore } from '../adapters/local/file-blob-store.ts';
import type { WorkflowDeps } from '../workflow/deps.ts';
import { sliceManifests } from '../workflow/event-parts.ts';
import type { LocalTask } from '../workflow/local-runner.ts';
import { collectShard } from '../workflow/steps/collect-shard.ts';
import { type StartShardWorker, workerPool } from './local-shard-pool.ts';

/**
 * From this many fetched events on, the collect Map runs on worker threads. A worker costs about
 * 0.3 s to start and warm up; one thread mines about 100,000 events a second: below this, the
 * threads would mostly start.
 */
export const PARALLEL_MIN_EVENTS = 50_000;

/**
 * At most this many threads by default, whatever the cores: each holds a heap of its own and the
 * Map has only as many items as stream buckets.
 */
export const MAX_WORKERS = 4;

export interface ParallelPolicy {
  /** Fewest fetched events collected on threads (default PARALLEL_MIN_EVENTS). */
  minEvents?: number;
  /** Threads (default: the cores available, at most MAX_WORKERS); under 2, every item runs in process. */
  workers?: number;
  /** Starts a worker (default: local-shard-worker.ts; tests give one that fails). */
  start?: StartShardWorker;
}

export interface CollectMap {
  /** The step whose items `run` runs. */
  step: string;
  /** The local implementation of one item of the collect Map. */
  run: LocalTask;
  /** Worker threads that collected items (0 or 1: all ran in process). */
  threads(): number;
  /** Items a failed worker left, collected in process instead. */
  recovered(): number;
  close(): Promise<void>;
}

/**
 * The collect Map's items for the local runner: in process, as every step, or, for a big window
 * whose blobs are files, on a pool of worker threads running the same step handler on the same
 * files, so the items of the Map are collected at once on the cores there are. Decided once per
 * run, from the events the fetch Map read.
 */
export function collectOnWorkers(deps: WorkflowDeps, policy: ParallelPolicy = {}): CollectMap {
  const step = collectShard.spec.name;
  const inProcess: LocalTask = (state) => collectShard.run(state, deps);
  const workers = Math.floor(policy.workers ?? Math.min(availableParallelism(), MAX_WORKERS));
  const files = deps.blobs instanceof FileBlobStore ? deps.blobs : null;
  if (!files || workers < 2) {
    return { step, run: inProcess, threads: () => 0, recovered: () => 0, close: async () => {} };
  }
  const pool = workerPool({
    size: workers,
    data: { blobRoot: files.root, windows: deps.windows },
    inProcess,
    ...(policy.start ? { start: policy.start } : {}),
  });
  let parallel: Promise<boolean> | null = null;
  return {
    step,
    run: async (state) => {
      parallel ??= bigWindow(state.sliceKeys ?? [], deps, policy.minEvents ?? PARALLEL_MIN_EVENTS);
      return (await parallel) ? pool.run(state) : inProcess(state);
    },
    threads: () => pool.started(),
    recovered: () => pool.recovered(),
    close: () => pool.close(),
  };
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
