/**
 * A worker thread of the local runner's collect Map (local-shard-pool.ts starts it): runs the
 * collect-shard step's own handler on each item it is sent (or fetches and collects some stream buckets of a folder), against the run's blobs on disk, and
 * posts the step's output back, or its error by name and message (the name decides a retry).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FileBlobStore } from '../adapters/local/file-blob-store.ts';
import { collectShard } from '../workflow/steps/collect-shard.ts';
import { collectFolderBuckets } from './local-folder-collect.ts';
import type { ShardJob, ShardReply, ShardWorkerData } from './local-shard-pool.ts';

const { blobRoot, settings } = workerData as ShardWorkerData;
// The step's port (the blobs) and the settings it reads, as the main thread has them.
const deps = {
  ...settings,
  blobs: new FileBlobStore(blobRoot),
  logGroups: { alarmLogGroups: {}, defaultLogGroups: [] },
  consoleUrl: null,
  clock: () => performance.now(),
};

parentPort?.on('message', (job: ShardJob) => {
  const work: Promise<unknown> =
    job.step === 'folder-collect' ? collectFolderBuckets(job.job, deps) : collectShard.run(job.state, deps);
  work.then(
    (state) => parentPort?.postMessage({ id: job.id, ok: true, state } satisfies ShardReply),
    (e: unknown) => {
      const error =
        e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
      parentPort?.postMessage({ id: job.id, ok: false, error } satisfies ShardReply);
    },
  );
});
