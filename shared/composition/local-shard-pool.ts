import { Worker } from 'node:worker_threads';
import type { WorkflowSettings } from '../workflow/deps.ts';
import type { LocalTask } from '../workflow/local-runner.ts';
import type { WorkflowState } from '../workflow/state.ts';
import type { StepName } from '../workflow/step.ts';
import type { FolderCollectJob } from './local-folder-collect.ts';

/** The Map steps a worker runs: those whose only port is the blobs (files). */
export type PooledStep = Extract<StepName, 'collect-shard'>;

/** What a pool's worker is started with: the run's blob folder and the settings. */
export interface ShardWorkerData {
  blobRoot: string;
  settings: Pick<WorkflowSettings, 'windows' | 'eventsPerPart' | 'bytesPerPart' | 'shards'>;
}

/** What a worker is asked: a Map step's item, or some stream buckets of an incident folder, fetched and collected. */
export type JobBody =
  | { step: PooledStep; state: WorkflowState }
  | { step: 'folder-collect'; job: FolderCollectJob };

export type ShardJob = JobBody & { id: number };

export type ShardReply =
  | { id: number; ok: true; state: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };

/** Starts one worker (tests give one that fails). */
export type StartShardWorker = (data: ShardWorkerData) => Worker;

export interface WorkerPool {
  /**
   * One step's items on the workers; an item a worker could not run (it failed or stopped, or
   * none could start) runs in process with `inProcess`, the same step's handler.
   */
  task(step: PooledStep, inProcess: LocalTask): LocalTask;
  /**
   * One job on the workers, run in process with `inProcess` when no worker could run it. Jobs
   * given in one turn start heaviest first (`weight`, default 0): the longest items do not come last.
   */
  run<T>(job: JobBody, inProcess: () => Promise<T>, weight?: number): Promise<T>;
  /** Starts every worker now, before any job: they load while this thread still works alone. */
  prestart(): void;
  /** Workers started so far (0: every item ran in process). */
  started(): number;
  /** Items a failed worker left, run in process instead. */
  recovered(): number;
  close(): Promise<void>;
}

interface Item {
  job: ShardJob;
  weight: number;
  inProcess: () => Promise<unknown>;
  resolve: (s: unknown) => void;
  reject: (e: Error) => void;
}

interface PooledWorker {
  worker: Worker;
  busy: Item | null;
}

/**
 * A pool of at most `size` worker threads running the Map steps' own handlers on their items, one
 * item per worker at a time, started as items come. A worker that fails or stops is dropped and
 * its item runs in process (the same handler): the item's output is the same, only slower. An
 * error the handler itself throws is the item's error, as in process.
 */
export function workerPool(options: {
  size: number;
  data: ShardWorkerData;
  start?: StartShardWorker;
}): WorkerPool {
  const start = options.start ?? startShardWorker;
  const workers: PooledWorker[] = [];
  const queue: Item[] = [];
  let nextId = 0;
  let started = 0;
  let recovered = 0;
  let broken = false;

  const dispatch = () => {
    while (queue.length > 0) {
      let idle = workers.find((w) => w.busy === null);
      if (!idle && !broken && workers.length < options.size) idle = spawn();
      if (!idle) {
        // No worker left to wait for: the items run in process.
        if (broken && workers.length === 0) for (const waiting of queue.splice(0)) runHere(waiting);
        return;
      }
      const next = queue.shift() as (typeof queue)[number];
      idle.busy = next;
      idle.worker.postMessage(next.job);
    }
  };

  const spawn = (): PooledWorker | undefined => {
    let worker: Worker;
    try {
      worker = start(options.data);
    } catch {
      broken = true;
      return undefined;
    }
    started++;
    const pooled: PooledWorker = { worker, busy: null };
    const fail = () => {
      if (!workers.includes(pooled)) return;
      workers.splice(workers.indexOf(pooled), 1);
      broken = true; // a worker that fails once would likely fail again: the rest run in process
      const left = pooled.busy;
      pooled.busy = null;
      void worker.terminate();
      if (left) {
        runHere(left);
      }
      dispatch();
    };
    worker.on('message', (reply: ShardReply) => {
      const current = pooled.busy;
      if (!current || reply?.id !== current.job.id) return fail();
      pooled.busy = null;
      if (reply.ok) current.resolve(reply.state);
      else current.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
      dispatch();
    });
    worker.on('error', fail);
    worker.on('messageerror', fail);
    worker.on('exit', fail);
    workers.push(pooled);
    return pooled;
  };

  const runHere = (item: Item) => {
    recovered++;
    item.inProcess().then(item.resolve, item.reject);
  };

  let scheduled = false;
  const run = <T>(job: JobBody, inProcess: () => Promise<T>, weight = 0) =>
    new Promise<T>((resolve, reject) => {
      const item: Item = {
        job: { ...job, id: nextId++ },
        weight,
        inProcess,
        resolve: resolve as (s: unknown) => void,
        reject,
      };
      const after = queue.findIndex((queued) => queued.weight < weight);
      queue.splice(after === -1 ? queue.length : after, 0, item);
      // Dispatched on the next turn: the Map's items, given together, are then all queued and sorted.
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        dispatch();
      });
    });

  return {
    task: (step, inProcess) => (state) => run({ step, state }, () => inProcess(state)),
    run,
    prestart: () => {
      while (!broken && workers.length < options.size) spawn();
    },
    started: () => started,
    recovered: () => recovered,
    close: async () => {
      const all = workers.splice(0);
      await Promise.all(all.map((w) => w.worker.terminate()));
    },
  };
}

/**
 * Starts the pool's worker (local-shard-worker.ts) wherever this code runs. In the CLI bundle
 * (bin/incidentiq.js builds shard-worker.js beside its chunks) it is the JavaScript file next to
 * this chunk. From the TypeScript sources (vitest, tsx) it is the .ts file beside this one,
 * imported once tsx's loader is registered in the worker: Node 20 does not apply a loader given as
 * `execArgv: ['--import', 'tsx']` to a worker's own module.
 */
export const startShardWorker: StartShardWorker = (workerData) => {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./shard-worker.js', here), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./local-shard-worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(boot, { eval: true, workerData });
};
