import type { BlobStore } from '../../ports/blob-store.ts';

/**
 * Blobs held in this process only: what a local run uses when its --home cannot keep them (a
 * store that cannot be opened), so the analysis still runs and nothing is left behind.
 */
export class MemoryBlobStore implements BlobStore {
  /** The blobs by key (tests reach in to lose one). */
  readonly blobs = new Map<string, string>();

  async put(key: string, body: string): Promise<void> {
    this.blobs.set(key, body);
  }

  async get(key: string): Promise<string> {
    const body = this.blobs.get(key);
    if (body === undefined) throw new Error(`blob not found: ${key}`);
    return body;
  }

  locate(key: string): string {
    return `memory:${key}`;
  }
}
