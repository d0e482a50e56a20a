import { statSync } from 'node:fs';
import { join } from 'node:path';
import { IncidentFolderSource, ownedNotes } from '../adapters/local/incident-folder.ts';
import type { WorkflowDeps } from '../workflow/deps.ts';
import type { LocalTask } from '../workflow/local-runner.ts';
import { SHARDS, type SliceManifest, sliceManifestKey, type WorkflowState } from '../workflow/state.ts';
import { fetchSlice } from '../workflow/steps/fetch-slice.ts';
import {
  collectFolderBuckets,
  type FolderCollectJob,
  type FolderCollectResult,
} from './local-folder-collect.ts';
import type { WorkerPool } from './local-shard-pool.ts';

/**
 * From a logs.jsonl of this many bytes on (about 30,000 events), an incident folder is read on the
 * worker threads: below it, starting them costs more than one thread reading.
 */
export const PARALLEL_MIN_FETCH_BYTES = 8 * 1024 * 1024;

/** Whether the folder's logs.jsonl is big enough to be read on the threads. */
export function bigFolder(folder: string, minBytes: number): boolean {
  const stats = statSync(join(folder, 'logs.jsonl'), { throwIfNoEntry: false });
  return stats?.isFile() === true && stats.size >= minBytes;
}

/** An incident folder's fetch and collect Maps, fused on the worker pool (`folderOnWorkers`). */
export interface FolderOnWorkers {
  /** The fetch Map's item. */
  fetch: LocalTask;
  /** The key of the partial a collect item's bucket already has (the fused read kept it), or undefined. */
  collected(state: WorkflowState): string | undefined;
  /** Told plan-fetch's output: only a plan of one slice is fused. */
  planned(state: WorkflowState): void;
}

/**
 * For an incident folder planned as one slice (the local runner's slicing), the fetch Map's item
 * and the collect Map's items fused on the pool: each worker reads the whole logs.jsonl and
 * parses, masks and collects the streams of its own stream buckets in one pass
 * (local-folder-collect.ts), keeping each bucket's partial where collect-shard keeps it; the
 * manifest lists no part (none was written) and the notes of the whole file, and the collect
 * items return the kept partials. Each partial is collect-shard's own on the parts the fetch
 * would have written, so the report is the same; the events are parsed once and never written.
 * A small file, a folder without logs.jsonl or a plan of several slices is read by the steps
 * themselves on this thread.
 */
export function folderOnWorkers(options: {
  folder: string;
  pool: WorkerPool;
  workers: number;
  deps: WorkflowDeps;
  minBytes: number;
  progress?: (line: string) => void;
}): FolderOnWorkers {
  const { folder, pool, deps } = options;
  let slices = 0;
  let fused: { sliceKey: string; shards: Map<number, string> } | null = null;
  const fetch: LocalTask = async (state) => {
    const logsPath = join(folder, 'logs.jsonl');
    const { slice, sliceIndex, eventsKey } = state;
    if (
      !slice ||
      sliceIndex === undefined ||
      !eventsKey ||
      slices !== 1 ||
      !bigFolder(folder, options.minBytes)
    ) {
      return fetchSlice.run(state, deps);
    }
    // The folder is checked as the fetcher checks it before its first read (its errors are the step's).
    new IncidentFolderSource(folder).load();
    const buckets = Math.max(1, deps.shards ?? SHARDS);
    const readers = Math.max(1, Math.min(options.workers, buckets));
    const request = {
      logGroups: slice.logGroups,
      startTime: slice.startTime,
      endTime: slice.endTime,
      ...(slice.openStart ? { openStart: true } : {}),
      ...(slice.openEnd ? { openEnd: true } : {}),
    };
    const results = await Promise.all(
      Array.from({ length: readers }, (_, reader) => {
        const job: FolderCollectJob = {
          logsPath,
          request,
          incidentId: state.incidentId,
          alarmKey: state.alarmKey,
          buckets,
          mine: Array.from({ length: buckets }, (_, b) => b).filter((b) => b % readers === reader),
        };
        return pool.run<FolderCollectResult>({ step: 'folder-collect', job }, () =>
          collectFolderBuckets(job, deps),
        );
      }),
    );
    const events = results.reduce((n, r) => n + r.events, 0);
    const manifest: SliceManifest = {
      slice: sliceIndex,
      buckets,
      parts: Array.from({ length: buckets }, () => []),
      events,
      truncated: false,
      notes: ownedNotes(results.map((r) => r.tally)),
    };
    options.progress?.(`fetched ${events} events from ${slice.logGroups.length} log group(s)`);
    const sliceKey = sliceManifestKey(state.incidentId, sliceIndex);
    await deps.blobs.put(sliceKey, JSON.stringify(manifest), 'application/json');
    fused = { sliceKey, shards: new Map(results.flatMap((r) => r.shards)) };
    return { incidentId: state.incidentId, alarmKey: state.alarmKey, sliceKey };
  };
  return {
    fetch,
    planned: (state) => {
      slices = state.slices?.length ?? 0;
    },
    collected: (state) => {
      if (!fused || !(state.sliceKeys ?? []).includes(fused.sliceKey)) return undefined;
      const key = fused.shards.get(state.shardIndex ?? -1);
      if (state.sliceKeys?.length !== 1 || key === undefined) {
        throw new Error(
          `the folder's fused read kept no partial for bucket ${state.shardIndex} of this plan`,
        );
      }
      return key;
    },
  };
}
