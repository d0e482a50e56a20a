import { Worker } from 'node:worker_threads';
import type { Windows } from '../../analysis/window.ts';

/** What a collection worker is given: which shard of which file, under which windows. */
export interface CollectJob {
  path: string;
  windows: Windows;
  shard: number;
  shards: number;
}

/** Starts one collection worker on its job (tests give one that fails). */
export type StartWorker = (job: CollectJob) => Worker;

/**
 * Starts the collection worker (collect-worker.ts), wherever this code runs. In the CLI bundle
 * (bin/incidentiq.js builds collect-worker.js beside its chunks) it is the JavaScript file next to
 * this chunk. From the TypeScript sources (vitest, tsx) it is collect-worker.ts beside this file,
 * imported once tsx's loader is registered in the worker: Node 20 does not apply a loader given as
 * `execArgv: ['--import', 'tsx']` to a worker's own module.
 */
export const startCollectWorker: StartWorker = (job) => {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./collect-worker.js', here), { workerData: job });
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./collect-worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(boot, { eval: true, workerData: job });
};
