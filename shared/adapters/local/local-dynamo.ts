import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** Stops the server and closes its database (so a persisted one can be opened again). */
  close(): Promise<void>;
}

interface DynaliteOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
  path?: string;
}

// dynalite ships no type declarations; this is the part of its API used here.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

/** dynalite in-process on 127.0.0.1 and a random port; in memory, or persisted under `path` (LevelDB). */
export async function startLocalDynamo(options: { path?: string } = {}): Promise<LocalDynamo> {
  if (options.path) await mkdir(options.path, { recursive: true });
  const release = options.path ? claimDatabase(options.path) : () => {};
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const doc = DynamoDBDocumentClient.from(client);
  return {
    endpoint,
    client,
    doc,
    close: async () => {
      client.destroy();
      try {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          // Keep-alive sockets would otherwise hold the server open until they time out.
          server.closeAllConnections();
        });
      } finally {
        release();
      }
    },
  };
}

/** A persisted database is in use by another live process. */
export class LocalDatabaseBusyError extends Error {}

/**
 * LevelDB allows one process per database, and dynalite reports a second opener only by throwing
 * from a callback, which would end the process. So the opener claims the folder first with a pid
 * file: a live holder makes this a clear, catchable error; a dead holder's claim is taken over.
 */
function claimDatabase(path: string): () => void {
  const pidFile = join(path, 'incidentiq.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(pidFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(pidFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(pidFile, 'utf8'));
      if (holder && (holder === process.pid || isAlive(holder))) {
        throw new LocalDatabaseBusyError(`${path} is in use by process ${holder}`);
      }
      rmSync(pidFile, { force: true });
    }
  }
  throw new LocalDatabaseBusyError(`${path} could not be claimed`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
