import type { LogEvent } from '../domain/log-event.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import { shardOfStream } from './state.ts';

export interface BucketPartLimits {
  /** A part is written once it holds this many lines... */
  linesPerPart: number;
  /** ...or this many bytes (UTF-8, newlines included): a part of huge lines stays bounded too. */
  bytesPerPart: number;
}

/**
 * Writes events as JSON lines into parts per stream-hash bucket (every event of a log stream in one
 * bucket, in the order given), each part flushed once it reaches the line or the byte cap, so at
 * most one part per bucket is held. `partKey` names the n-th part written (whatever its bucket).
 */
export class BucketPartWriter {
  private readonly lines: string[][];
  private readonly bytes: number[];
  /** The keys of each bucket's parts, in the order written. */
  readonly parts: string[][];
  private written = 0;

  constructor(
    private readonly blobs: BlobStore,
    private readonly buckets: number,
    private readonly limits: BucketPartLimits,
    private readonly partKey: (bucket: number, part: number) => string,
  ) {
    this.lines = Array.from({ length: buckets }, () => []);
    this.bytes = Array.from({ length: buckets }, () => 0);
    this.parts = Array.from({ length: buckets }, () => []);
  }

  async add(event: LogEvent): Promise<void> {
    const bucket = shardOfStream(event.logGroup, event.logStream, this.buckets);
    const line = JSON.stringify(event);
    const lines = this.lines[bucket] as string[];
    lines.push(line);
    const bytes = (this.bytes[bucket] ?? 0) + Buffer.byteLength(line, 'utf8') + 1;
    this.bytes[bucket] = bytes;
    if (lines.length >= this.limits.linesPerPart || bytes >= this.limits.bytesPerPart)
      await this.flush(bucket);
  }

  /** Writes what is left in every bucket. */
  async finish(): Promise<string[][]> {
    for (let bucket = 0; bucket < this.buckets; bucket++) {
      if ((this.lines[bucket] as string[]).length > 0) await this.flush(bucket);
    }
    return this.parts;
  }

  private async flush(bucket: number): Promise<void> {
    const key = this.partKey(bucket, this.written++);
    await this.blobs.put(key, `${(this.lines[bucket] as string[]).join('\n')}\n`, 'application/x-ndjson');
    (this.parts[bucket] as string[]).push(key);
    this.lines[bucket] = [];
    this.bytes[bucket] = 0;
  }
}
