import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { PartialCollection } from '../../analysis/collect/index.ts';
import type { Windows } from '../../analysis/window.ts';
import { type StartWorker, startCollectWorker } from './collect-worker-entry.ts';
import type { FolderShard } from './folder-shard.ts';
import { NO_LOGS_NOTE, readNotes } from './incident-folder.ts';

export interface ParallelCollectOptions {
  /** Worker threads, one shard each (at least 1). */
  workers: number;
  /** Starts a worker (default: the collection worker, see collect-worker-entry.ts). */
  start?: StartWorker;
}

/** An incident folder's logs.jsonl collected in shards, and what IncidentFolderSource would note about it. */
export interface ParallelCollection {
  partials: PartialCollection[];
  notes: string[];
}

/**
 * Collects an incident folder's logs.jsonl on worker threads: each reads the file and collects the
 * log streams that hash to it, so the partials merge (mergePartials) into exactly what one pass
 * yields. Rejected lines are counted once, by the shard that owns them, and noted as one read
 * notes them. Rejects with a clear error when a worker fails or stops before returning its shard
 * (the other workers are stopped): no line is lost silently.
 */
export async function collectFolderInParallel(
  dir: string,
  windows: Windows,
  options: ParallelCollectOptions,
): Promise<ParallelCollection> {
  const path = join(dir, 'logs.jsonl');
  if (!existsSync(path)) return { partials: [], notes: [NO_LOGS_NOTE] };
  const shards = Math.max(1, Math.floor(options.workers));
  const start = options.start ?? startCollectWorker;
  const workers: Worker[] = [];
  try {
    const runs: Promise<FolderShard>[] = [];
    for (let shard = 0; shard < shards; shard++) {
      const worker = start({ path, windows, shard, shards });
      workers.push(worker);
      const run = shardOf(worker, shard);
      run.catch(() => {}); // seen by Promise.all below, or moot when a later worker cannot start
      runs.push(run);
    }
    const done = await Promise.all(runs);
    if (done.some((s) => s.lines !== done[0]?.lines)) {
      throw new Error(`${path} changed while it was read: the workers read different line counts`);
    }
    return { partials: done.map((s) => s.partial), notes: notesOf(done) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The shard a worker posts, or why it has none. */
function shardOf(worker: Worker, shard: number): Promise<FolderShard> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) =>
      reject(new Error(`the collection worker of shard ${shard} ${why} before returning its shard`));
    worker.once('message', (message: FolderShard) => {
      if (message?.shard === shard && message.partial) resolve(message);
      else fail('sent something else than its shard');
    });
    worker.once('error', (e) => fail(`failed (${e.message})`));
    worker.once('messageerror', (e) => fail(`sent a shard that could not be read (${e.message})`));
    worker.once('exit', (code) => fail(`stopped (exit code ${code})`));
  });
}

/** The notes one read of the file gives: every shard read every line, and counted the rejected ones it owns. */
function notesOf(shards: FolderShard[]): string[] {
  const rejected = shards
    .flatMap((s) => s.rejected)
    .sort((a, b) => a.firstLine - b.firstLine)
    .reduce(
      (byReason, r) => byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + r.count),
      new Map<string, number>(),
    );
  const coerced = shards.reduce((n, s) => n + s.coerced, 0);
  return readNotes(shards[0]?.lines ?? 0, rejected, coerced);
}
