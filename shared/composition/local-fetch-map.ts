import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IncidentFolderSource, rangeNotes } from '../adapters/local/incident-folder.ts';
import { lineRanges } from '../adapters/local/line-reader.ts';
import type { WorkflowDeps } from '../workflow/deps.ts';
import type { LocalTask } from '../workflow/local-runner.ts';
import {
  BYTES_PER_PART,
  EVENTS_PER_PART,
  SHARDS,
  type SliceManifest,
  sliceManifestKey,
  type WorkflowState,
} from '../workflow/state.ts';
import { fetchSlice } from '../workflow/steps/fetch-slice.ts';
import { type FetchRangeJob, type FetchRangeResult, fetchRange } from './local-fetch-range.ts';
import type { WorkerPool } from './local-shard-pool.ts';

/**
 * From a logs.jsonl of this many bytes on (about 30,000 events), the fetch of a folder runs on
 * the worker threads: below it, starting them costs more than one thread reading.
 */
export const PARALLEL_MIN_FETCH_BYTES = 8 * 1024 * 1024;

/** Whether the folder's logs.jsonl is big enough to be fetched on the threads. */
export function bigFolder(folder: string, minBytes: number): boolean {
  const logsPath = join(folder, 'logs.jsonl');
  return existsSync(logsPath) && statSync(logsPath).isFile() && statSync(logsPath).size >= minBytes;
}

/**
 * The fetch Map's item for an incident folder on the pool: the slice's lines are read in as many
 * line-aligned byte ranges of logs.jsonl as there are workers, each range parsed, masked and
 * written into bucket parts on its own thread; the manifest lists each bucket's parts range after
 * range (file order, as one read writes them) with the notes of the whole file. A small file, or
 * a folder without logs.jsonl, is read by the step itself on this thread.
 */
export function fetchFolderOnWorkers(options: {
  folder: string;
  pool: WorkerPool;
  workers: number;
  deps: WorkflowDeps;
  minBytes: number;
  progress?: (line: string) => void;
}): LocalTask {
  const { folder, pool, workers, deps } = options;
  return async (state: WorkflowState) => {
    const logsPath = join(folder, 'logs.jsonl');
    const { slice, sliceIndex, eventsKey } = state;
    if (!slice || sliceIndex === undefined || !eventsKey || !bigFolder(folder, options.minBytes)) {
      return fetchSlice.run(state, deps);
    }
    // The folder is checked as the fetcher checks it before its first read (its errors are the step's).
    new IncidentFolderSource(folder).load();
    const buckets = Math.max(1, deps.shards ?? SHARDS);
    const limits = {
      linesPerPart: Math.max(1, deps.eventsPerPart ?? EVENTS_PER_PART),
      bytesPerPart: Math.max(1, deps.bytesPerPart ?? BYTES_PER_PART),
    };
    const request = {
      logGroups: slice.logGroups,
      startTime: slice.startTime,
      endTime: slice.endTime,
      ...(slice.openStart ? { openStart: true } : {}),
      ...(slice.openEnd ? { openEnd: true } : {}),
    };
    const results = await Promise.all(
      lineRanges(logsPath, workers).map((range, rangeIndex) => {
        const job: FetchRangeJob = {
          logsPath,
          range,
          rangeIndex,
          request,
          eventsKey,
          sliceIndex,
          buckets,
          limits,
        };
        return pool.run<FetchRangeResult>({ step: 'fetch-range', range: job }, () =>
          fetchRange(job, deps.blobs),
        );
      }),
    );
    const events = results.reduce((n, r) => n + r.events, 0);
    const manifest: SliceManifest = {
      slice: sliceIndex,
      buckets,
      parts: Array.from({ length: buckets }, (_, b) => results.flatMap((r) => r.parts[b] ?? [])),
      events,
      truncated: false,
      notes: rangeNotes(results.map((r) => r.tally)),
    };
    options.progress?.(`fetched ${events} events from ${slice.logGroups.length} log group(s)`);
    const key = sliceManifestKey(state.incidentId, sliceIndex);
    await deps.blobs.put(key, JSON.stringify(manifest), 'application/json');
    return { incidentId: state.incidentId, alarmKey: state.alarmKey, sliceKey: key };
  };
}
