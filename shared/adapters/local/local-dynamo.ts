import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoreUnavailableError } from '../../domain/errors.ts';
import { type DynaliteHost, startDynaliteHost } from './dynalite-host.ts';
import { publishEndpoint, recordRepairs, tryClaim } from './table-claim.ts';

export { LocalStoreDamagedError } from './dynalite-host.ts';

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** What LevelDB repaired when this process opened the persisted database (empty when nothing). */
  repairs(): string[];
  /** Stops serving (when this process serves) and closes the database, so another process can open it. */
  close(): Promise<void>;
}

/** No process serves the persisted database and this one could not either, in time. */
export class LocalDatabaseBusyError extends StoreUnavailableError {}

interface DynaliteOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

// dynalite ships no type declarations; this is the part of its API used here.
const dynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

/** How long a process waits for a starting or handing-over host before giving up. */
const FIND_HOST_MS = 15_000;

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * dynalite on 127.0.0.1. In memory (no `path`): in process, for this process alone. Persisted under
 * `path` (LevelDB): shared by every process on the machine. The first opener serves it and the
 * others send their requests there; when the serving process ends, the next request of another
 * takes over serving, so analyses, the console and feedback can all run at once on one --home.
 */
export async function startLocalDynamo(options: { path?: string } = {}): Promise<LocalDynamo> {
  return options.path ? sharedLocalDynamo(options.path) : inMemoryDynamo();
}

async function inMemoryDynamo(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: CREDENTIALS });
  return {
    endpoint,
    client,
    doc: DynamoDBDocumentClient.from(client),
    repairs: () => [],
    close: async () => {
      client.destroy();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would otherwise hold the server open until they time out.
        server.closeAllConnections();
      });
    },
  };
}

class SharedDatabase {
  private host: (DynaliteHost & { release: () => void }) | null = null;
  private hosting: Promise<string> | null = null;
  private closed = false;
  readonly repaired: string[] = [];

  constructor(private readonly path: string) {}

  /** Where requests go now: this process's host, the published host of another, or a new host here. */
  async endpoint(): Promise<string> {
    if (this.closed) throw new Error(`the local database ${this.path} is closed`);
    if (this.host && !this.host.running()) {
      // Its worker crashed: serve anew, or fail clearly, rather than have requests refused for good.
      this.host.release();
      this.host = null;
    }
    if (this.host) return this.host.endpoint;
    if (this.hosting) return this.hosting;
    const deadline = Date.now() + FIND_HOST_MS;
    for (let wait = 10; Date.now() < deadline; wait = Math.min(wait * 2, 200)) {
      const claim = tryClaim(this.path);
      if (claim.claimed) {
        this.hosting = this.serve(claim.release);
        try {
          return await this.hosting;
        } finally {
          this.hosting = null;
        }
      }
      if (claim.endpoint) return claim.endpoint;
      await sleep(wait);
    }
    throw new LocalDatabaseBusyError(`no process serves ${this.path}, and it could not be claimed`);
  }

  private async serve(release: () => void): Promise<string> {
    let host: DynaliteHost;
    try {
      host = await startDynaliteHost(this.path);
    } catch (error) {
      release();
      throw error;
    }
    this.repaired.push(...host.repairs);
    if (host.repairs.length > 0) recordRepairs(this.path, new Date(), host.repairs);
    publishEndpoint(this.path, host.endpoint);
    this.host = { ...host, release };
    return host.endpoint;
  }

  async close(): Promise<void> {
    this.closed = true;
    const host = this.host;
    this.host = null;
    if (!host) return;
    try {
      await host.close();
    } finally {
      host.release();
    }
  }
}

interface RoutedRequest {
  hostname: string;
  port?: number;
  headers: Record<string, string>;
}

async function sharedLocalDynamo(path: string): Promise<LocalDynamo> {
  const database = new SharedDatabase(path);
  const endpoint = await database.endpoint();
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    // A host that ends mid-request is replaced: the retried request goes to the new one.
    maxAttempts: 5,
  });
  // Each attempt goes to the host of the moment; a refused connection means it just ended.
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as RoutedRequest;
      for (let attempt = 1; ; attempt++) {
        const url = new URL(await database.endpoint());
        request.hostname = url.hostname;
        request.port = Number(url.port);
        request.headers.host = url.host;
        try {
          return await next(args);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED' || attempt >= 50) throw error;
          await sleep(Math.min(20 * attempt, 200));
        }
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'localDatabaseHost' },
  );
  return {
    endpoint,
    client,
    doc: DynamoDBDocumentClient.from(client),
    repairs: () => [...database.repaired],
    close: async () => {
      client.destroy();
      await database.close();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
