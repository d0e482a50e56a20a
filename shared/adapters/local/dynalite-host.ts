import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../../domain/errors.ts';

/** The local database cannot be opened: damaged files, or a path that is not a database folder. */
export class LocalStoreDamagedError extends StoreUnavailableError {}

export interface DynaliteHost {
  endpoint: string;
  /** What LevelDB repaired on opening (records of its write-ahead log it dropped), one line each. */
  repairs: string[];
  /** False once the worker ended (crashed): the database is then closed and must be hosted anew. */
  running(): boolean;
  /** Stops serving and closes the database; resolves once another process may open it. */
  close(): Promise<void>;
}

/*
 * The worker's code, CommonJS run by `eval` so it needs no file of its own beside the CLI bundle.
 * It first opens the database alone (a failed open is then an answer, not the uncaught exception
 * dynalite would raise) and reads what LevelDB wrote to its LOG while recovering; then it serves.
 * Running in a worker, dynalite keeps answering other processes while this one's thread is busy,
 * and a crash inside it ends the worker, never the process.
 */
const WORKER_CODE = `
const { workerData, parentPort } = require('node:worker_threads');
const { createRequire } = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const dynalite = require(workerData.dynalite);
const { Level } = createRequire(workerData.dynalite)('level');
(async () => {
  const probe = new Level(workerData.path, { valueEncoding: 'json' });
  try {
    await probe.open();
  } catch (error) {
    const cause = error && error.cause ? error.cause.message : '';
    parentPort.postMessage({ failed: [error && error.message, cause].filter(Boolean).join(': ') });
    return;
  }
  let repairs = [];
  try {
    repairs = readFileSync(join(workerData.path, 'LOG'), 'utf8').split('\\n').filter((l) => /corrupt|dropping/i.test(l));
  } catch {}
  await probe.close();
  const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(0, '127.0.0.1', () => {
    parentPort.postMessage({ port: server.address().port, repairs });
  });
  parentPort.on('message', (message) => {
    if (message !== 'close') return;
    server.close((error) => parentPort.postMessage({ closed: true, error: error ? error.message : null }));
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
})().catch((error) => parentPort.postMessage({ failed: String(error && error.message) }));
`;

interface WorkerMessage {
  port?: number;
  repairs?: string[];
  failed?: string;
  closed?: boolean;
}

/** dynalite serving the LevelDB database at `path` on 127.0.0.1, from a worker thread. */
export async function startDynaliteHost(path: string): Promise<DynaliteHost> {
  const worker = new Worker(WORKER_CODE, {
    eval: true,
    workerData: { path, dynalite: createRequire(import.meta.url).resolve('dynalite') },
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  // A crash inside the worker must not end the process: the clients see a refused connection.
  worker.on('error', () => {});
  const first = await new Promise<WorkerMessage>((resolve) => {
    worker.once('message', resolve);
    void exit.then(() => resolve({ failed: 'the database worker stopped while opening' }));
  });
  if (first.failed !== undefined || first.port === undefined) {
    await worker.terminate();
    throw new LocalStoreDamagedError(`the database cannot be opened: ${first.failed ?? 'no answer'}`);
  }
  worker.unref();
  return {
    endpoint: `http://127.0.0.1:${first.port}`,
    repairs: first.repairs ?? [],
    running: () => !exited,
    close: async () => {
      if (!exited) {
        const closed = new Promise<void>((resolve) => {
          worker.on('message', (m: WorkerMessage) => m.closed && resolve());
          void exit.then(resolve);
        });
        worker.postMessage('close');
        await closed;
      }
      await worker.terminate();
    },
  };
}
