import { inRequest } from '../adapters/local/folder-log-fetcher.ts';
import { type RangeTally, rangeEvents } from '../adapters/local/incident-folder.ts';
import type { ByteRange } from '../adapters/local/line-reader.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { FetchRequest } from '../ports/log-fetcher.ts';
import { type BucketPartLimits, BucketPartWriter } from '../workflow/bucket-parts.ts';
import { fetchPartKey } from '../workflow/state.ts';

/** One byte range of an incident folder's logs.jsonl, fetched for one slice (see local-fetch-map.ts). */
export interface FetchRangeJob {
  logsPath: string;
  range: ByteRange;
  /** The range's place in the file: its parts are named apart from the other ranges'. */
  rangeIndex: number;
  request: FetchRequest;
  eventsKey: string;
  sliceIndex: number;
  buckets: number;
  limits: BucketPartLimits;
}

export interface FetchRangeResult {
  /** The keys of each bucket's parts, in the order written. */
  parts: string[][];
  events: number;
  tally: RangeTally;
}

/**
 * The fetch-slice step's work over one range of the folder's lines: reads, parses and masks the
 * requested events as the folder fetcher does and writes them into parts per stream bucket. The
 * ranges' parts, in file order, are the parts one read of the whole file writes, cut differently.
 */
export async function fetchRange(job: FetchRangeJob, blobs: BlobStore): Promise<FetchRangeResult> {
  const tally: RangeTally = { lines: 0, coerced: 0, rejected: [] };
  const prefix = `${job.eventsKey}range-${String(job.rangeIndex).padStart(3, '0')}-`;
  const writer = new BucketPartWriter(blobs, job.buckets, job.limits, (bucket, part) =>
    fetchPartKey(prefix, job.sliceIndex, bucket, part),
  );
  let events = 0;
  for (const event of rangeEvents(job.logsPath, job.range, inRequest(job.request), tally)) {
    events++;
    await writer.add(event);
  }
  return { parts: await writer.finish(), events, tally };
}
