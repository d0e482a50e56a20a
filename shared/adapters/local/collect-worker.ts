/**
 * A worker thread's entry: collects one shard of an incident folder's logs.jsonl and posts it
 * back (see parallel-collect.ts, which starts it, and collect-worker-entry.ts, which finds it).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CollectJob } from './collect-worker-entry.ts';
import { collectFolderShard } from './folder-shard.ts';

const job = workerData as CollectJob;
parentPort?.postMessage(collectFolderShard(job.path, job.windows, job.shard, job.shards));
