import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep, win32 } from 'node:path';
import type { BlobStore } from '../../ports/blob-store.ts';
import { decodeText } from './line-reader.ts';

/** Blobs as files under a root folder, each key a relative path (the CLI's stand-in for S3). */
export class FileBlobStore implements BlobStore {
  /** The folder the blobs are files in. */
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: string, _contentType?: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body, 'utf8');
  }

  async get(key: string): Promise<string> {
    try {
      // Read whole, then decoded in one call: readFile's own decoding goes chunk by chunk through a
      // StringDecoder into a string of many pieces, slower to decode and to parse (parts are MBs).
      return decodeText(await readFile(this.pathOf(key)));
    } catch (error) {
      if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) {
        throw new Error(`blob not found: ${key}`, { cause: error });
      }
      throw error;
    }
  }

  /** Removes every blob whose key starts with `prefix/` (a folder of the store). */
  async removeFolder(prefix: string): Promise<void> {
    await rm(this.pathOf(prefix.replace(/\/+$/, '')), { recursive: true, force: true });
  }

  /** The names of the folders directly under `prefix/` (none when it does not exist). */
  async listFolders(prefix: string): Promise<string[]> {
    try {
      const entries = await readdir(this.pathOf(prefix.replace(/\/+$/, '')), { withFileTypes: true });
      return entries.filter((e) => e.isDirectory()).map((e) => e.name);
    } catch (error) {
      if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return [];
      throw error;
    }
  }

  /** The file's absolute path. */
  locate(key: string): string {
    return this.pathOf(key);
  }

  /** The file of a key; rejects keys that could reach outside the root. */
  private pathOf(key: string): string {
    const segments = key.split(/[\\/]/);
    if (
      key === '' ||
      key.includes('\0') ||
      isAbsolute(key) ||
      win32.isAbsolute(key) ||
      segments.includes('..')
    ) {
      throw new Error(`invalid blob key: ${JSON.stringify(key)} (must be a relative path without '..')`);
    }
    const path = resolve(this.root, key);
    const inside = relative(this.root, path);
    if (inside === '' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      throw new Error(`invalid blob key: ${JSON.stringify(key)} (outside the store)`);
    }
    return path;
  }
}

function isErrnoCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
