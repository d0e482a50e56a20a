import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { WindowLogs } from '../../analysis/collect/index.ts';
import { alarmWindows, type WindowOptions, type Windows } from '../../analysis/window.ts';
import { parseAlarmEvent } from '../../domain/alarm.ts';
import type { StartWorker } from './collect-worker-entry.ts';
import { IncidentFolderSource, type IncidentInput } from './incident-folder.ts';
import { collectFolderInParallel } from './parallel-collect.ts';

/**
 * From this size of logs.jsonl on, the folder is collected on worker threads. Each worker reads and
 * JSON-parses the whole file to find the lines of its streams, and warms up a parser of its own:
 * about 0.3 s of CPU plus 2 to 2.5 µs a line, where one thread spends about 11 µs a line. Measured
 * on 2 cores (d02 scaled by bench/generate-window.ts): two threads break even near 8 MiB, win from
 * 16 MiB on, and analyze 1M events (267 MB) in about 7.5 s instead of 11.5 s.
 */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

/**
 * At most this many threads by default, whatever the cores: each holds a heap of its own (about
 * 130 MB for 1M events), and past a few threads the whole-file read each one repeats dominates.
 */
export const MAX_WORKERS = 4;

export interface ParallelPolicy {
  /** Smallest logs.jsonl collected on threads (default PARALLEL_MIN_BYTES). */
  minBytes?: number;
  /** Threads (default: the cores available, at most MAX_WORKERS); under 2, the folder is read on this thread. */
  workers?: number;
  /** Starts a worker (default: the collection worker; tests give one that fails). */
  start?: StartWorker;
}

/** An incident folder's alarm and source notes, with its logs: its events, or the partial collections of its shards. */
export type FolderLogs = Omit<IncidentInput, 'events'> & WindowLogs;

export interface FolderInput {
  input: FolderLogs;
  /** The worker threads that collected the logs; 1 when they were read on this thread. */
  threads: number;
}

/**
 * An incident folder as the analysis takes it. A small logs.jsonl is read on this thread, as
 * IncidentFolderSource reads it; a big one is collected on worker threads into shards that merge
 * into exactly the same report. When the threads fail, the file is read on this thread instead and
 * the report's notes say so. Throws IncidentFolderError as IncidentFolderSource does.
 */
export async function loadIncidentFolder(
  dir: string,
  windowOptions: Partial<WindowOptions>,
  policy: ParallelPolicy = {},
): Promise<FolderInput> {
  const input = new IncidentFolderSource(dir).load(); // events are read lazily: nothing read yet
  const workers = Math.floor(policy.workers ?? Math.min(availableParallelism(), MAX_WORKERS));
  const path = join(dir, 'logs.jsonl');
  if (workers < 2 || !existsSync(path)) return { input, threads: 1 };
  const stat = statSync(path);
  if (!stat.isFile() || stat.size < (policy.minBytes ?? PARALLEL_MIN_BYTES)) return { input, threads: 1 };
  const windows = analysisWindows(input.alarmEvent, windowOptions);
  if (!windows) return { input, threads: 1 }; // the analysis refuses the alarm: nothing to collect
  try {
    const collected = await collectFolderInParallel(dir, windows, {
      workers,
      ...(policy.start ? { start: policy.start } : {}),
    });
    return {
      input: {
        alarmEvent: input.alarmEvent,
        partials: collected.partials,
        notes: collected.notes,
      },
      threads: workers,
    };
  } catch (e) {
    input.notes.unshift(
      `The logs could not be collected on ${workers} threads (${(e as Error).message}): they were read on one thread instead.`,
    );
    return { input, threads: 1 };
  }
}

/** The windows analyzeIncident will use for this alarm, or null when it will not analyze it. */
function analysisWindows(alarmEvent: unknown, options: Partial<WindowOptions>): Windows | null {
  const parsed = parseAlarmEvent(alarmEvent);
  if (!parsed.ok || parsed.event.detail.state.value !== 'ALARM') return null;
  return alarmWindows(parsed.alarm.triggeredAt, options);
}
