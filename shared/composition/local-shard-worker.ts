/**
 * A worker thread of the local runner's Maps (local-shard-pool.ts starts it): runs the fetch-slice
 * or collect-shard step's own handler on each item it is sent, against the run's blobs on disk (and
 * the incident folder's logs for a fetch), and posts the step's output back, or its error by name
 * and message (the name decides a retry).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FileBlobStore } from '../adapters/local/file-blob-store.ts';
import { FolderLogFetcher } from '../adapters/local/folder-log-fetcher.ts';
import type { WorkflowState } from '../workflow/state.ts';
import { collectShard } from '../workflow/steps/collect-shard.ts';
import { fetchSlice } from '../workflow/steps/fetch-slice.ts';
import type { ShardJob, ShardReply, ShardWorkerData } from './local-shard-pool.ts';

const { blobRoot, folder, settings } = workerData as ShardWorkerData;
// The steps' ports (the blobs, the folder's logs) and the settings they read, as the main thread has them.
const deps = {
  ...settings,
  blobs: new FileBlobStore(blobRoot),
  logGroups: { alarmLogGroups: {}, defaultLogGroups: [] },
  consoleUrl: null,
  clock: () => performance.now(),
};

function run(job: ShardJob): Promise<WorkflowState> {
  if (job.step === 'collect-shard') return collectShard.run(job.state, deps);
  if (!folder) return Promise.reject(new Error('this worker was given no incident folder to fetch from'));
  return fetchSlice.run(job.state, { ...deps, fetcher: new FolderLogFetcher(folder) });
}

parentPort?.on('message', (job: ShardJob) => {
  run(job).then(
    (state) => parentPort?.postMessage({ id: job.id, ok: true, state } satisfies ShardReply),
    (e: unknown) => {
      const error =
        e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
      parentPort?.postMessage({ id: job.id, ok: false, error } satisfies ShardReply);
    },
  );
});
