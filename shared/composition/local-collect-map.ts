import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { FileBlobStore } from '../adapters/local/file-blob-store.ts';
import type { WorkflowDeps } from '../workflow/deps.ts';
import { sliceManifests } from '../workflow/event-parts.ts';
import type { LocalTask } from '../workflow/local-runner.ts';
import type { SliceManifest, WorkflowState } from '../workflow/state.ts';
import { collectShard } from '../workflow/steps/collect-shard.ts';
import { planFetch } from '../workflow/steps/plan-fetch.ts';
import { bigFolder, folderOnWorkers, PARALLEL_MIN_FETCH_BYTES } from './local-fetch-map.ts';
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
  /** The incident folder the logs are read from: its fetch runs on the threads too (none: CloudWatch). */
  folder?: string;
  /** Smallest logs.jsonl whose fetch runs on the threads (default PARALLEL_MIN_FETCH_BYTES). */
  minFetchBytes?: number;
  /** Told what the fetch on the threads read. */
  progress?: (line: string) => void;
}

export interface CollectOnWorkers {
  /** The local implementation of the fetch and collect Maps' items, by step name. */
  tasks: Record<string, LocalTask>;
  /** To be told each task's output (the plan decides how a folder is read). */
  observe(step: string, output: WorkflowState): void;
  /** Worker threads that ran items (0: all ran in process). */
  threads(): number;
  /** Items a failed worker left, run in process instead. */
  recovered(): number;
  close(): Promise<void>;
}

/**
 * The collect Map's items for the local runner: in process, as every step, or, for a big window
 * whose blobs are files, on a pool of worker threads running the same step handler on the same
 * files, so the items run at once on the cores there are. Decided once per run, from the events
 * the fetch Map read. A big incident folder's fetch and collect run fused on the same threads,
 * each reading the whole logs.jsonl for its own stream buckets (local-fetch-map.ts).
 */
export function collectOnWorkers(deps: WorkflowDeps, policy: ParallelPolicy = {}): CollectOnWorkers {
  const collectHere: LocalTask = (state) => collectShard.run(state, deps);
  const workers = Math.floor(policy.workers ?? Math.min(availableParallelism(), MAX_WORKERS));
  const files = deps.blobs instanceof FileBlobStore ? deps.blobs : null;
  if (!files || workers < 2) {
    return { tasks: {}, observe: () => {}, threads: () => 0, recovered: () => 0, close: async () => {} };
  }
  const pool = workerPool({
    size: workers,
    data: {
      blobRoot: files.root,
      settings: {
        windows: deps.windows,
        ...(deps.eventsPerPart !== undefined ? { eventsPerPart: deps.eventsPerPart } : {}),
        ...(deps.bytesPerPart !== undefined ? { bytesPerPart: deps.bytesPerPart } : {}),
        ...(deps.shards !== undefined ? { shards: deps.shards } : {}),
      },
    },
    ...(policy.start ? { start: policy.start } : {}),
  });
  const minFetchBytes = policy.minFetchBytes ?? PARALLEL_MIN_FETCH_BYTES;
  // A folder whose fetch will run on the threads: they start now, loading while plan-fetch lists its groups.
  if (policy.folder !== undefined && bigFolder(policy.folder, minFetchBytes)) pool.prestart();
  let parallel: Promise<SliceManifest[] | null> | null = null;
  const folder =
    policy.folder === undefined
      ? null
      : folderOnWorkers({
          folder: policy.folder,
          pool,
          workers,
          deps,
          minBytes: minFetchBytes,
          ...(policy.progress ? { progress: policy.progress } : {}),
        });
  const tasks: Record<string, LocalTask> = {
    ...(folder ? { 'fetch-slice': folder.fetch } : {}),
    'collect-shard': async (state) => {
      const kept = folder?.collected(state);
      if (kept !== undefined)
        return { incidentId: state.incidentId, alarmKey: state.alarmKey, shardKey: kept };
      parallel ??= bigWindow(state.sliceKeys ?? [], deps, policy.minEvents ?? PARALLEL_MIN_EVENTS);
      const manifests = await parallel;
      if (!manifests) return collectHere(state);
      return pool.run(
        { step: 'collect-shard', state },
        () => collectHere(state),
        bucketBytes(manifests, state, files),
      );
    },
  };
  return {
    tasks,
    observe: (step, output) => {
      if (step === planFetch.spec.name) folder?.planned(output);
    },
    threads: () => pool.started(),
    recovered: () => pool.recovered(),
    close: () => pool.close(),
  };
}

/** The manifests of the fetch slices when they read at least `minEvents` events (an unreadable manifest: null). */
async function bigWindow(
  sliceKeys: string[],
  deps: WorkflowDeps,
  minEvents: number,
): Promise<SliceManifest[] | null> {
  try {
    const manifests = await sliceManifests(sliceKeys, deps);
    return manifests.reduce((n, m) => n + m.events, 0) >= minEvents ? manifests : null;
  } catch {
    return null; // the step itself will say what is wrong with the manifests
  }
}

/** The bytes of an item's bucket parts: its weight, so the biggest buckets start first. */
function bucketBytes(manifests: SliceManifest[], state: WorkflowState, files: FileBlobStore): number {
  let bytes = 0;
  for (const manifest of manifests) {
    for (const key of manifest.parts[state.shardIndex ?? -1] ?? []) {
      try {
        bytes += statSync(files.locate(key)).size;
      } catch {
        // a missing part: the step says so
      }
    }
  }
  return bytes;
}
