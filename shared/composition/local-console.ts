import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { FileBlobStore } from '../adapters/local/file-blob-store.ts';
import { hmacFeedbackTokens } from '../console/server/feedback-tokens.ts';
import { type RunningConsole, startConsoleServer } from '../console/server/http-server.ts';
import type { IncidentStore } from '../ports/incident-store.ts';
import { LocalConsoleStore } from './local-console-store.ts';

export interface LocalConsole extends RunningConsole {
  /** The incident table the console reads and writes (open until `close`). */
  store: IncidentStore;
}

/**
 * The console over the local state under `home`: the incident table (dynalite, `<home>/dynamodb`)
 * and the report files (`<home>/blobs`), served on 127.0.0.1. The feedback form's token secret is
 * drawn anew at each start, so forms opened before a restart must be reloaded.
 */
export async function openLocalConsole(options: {
  home: string;
  port: number;
  now?: () => Date;
  onError: (error: unknown) => void;
}): Promise<LocalConsole> {
  const home = resolve(options.home);
  // Opened with the first page: a damaged store is said on every page, never a failed start.
  const store = new LocalConsoleStore(home, options.now ? { now: options.now } : {});
  try {
    const server = await startConsoleServer(
      {
        store,
        storeNotes: () => store.notes(),
        blobs: new FileBlobStore(join(home, 'blobs')),
        now: options.now ?? (() => new Date()),
        tokens: hmacFeedbackTokens(randomBytes(32)),
        onError: options.onError,
      },
      { port: options.port },
    );
    return {
      ...server,
      store,
      close: async () => {
        await server.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
