import { inRequest } from '../adapters/local/folder-log-fetcher.ts';
import { type LineOwner, ownedEvents, type ReadTally } from '../adapters/local/incident-folder.ts';
import { shardCollector } from '../analysis/collect/index.ts';
import { maskName } from '../analysis/redact/index.ts';
import type { LogEvent } from '../domain/log-event.ts';
import type { FetchRequest } from '../ports/log-fetcher.ts';
import type { WorkflowDeps } from '../workflow/deps.ts';
import { alarmWindows } from '../workflow/event-parts.ts';
import { shardKey, shardOfStream } from '../workflow/state.ts';

/** One reader of an incident folder's logs.jsonl, collecting some stream buckets (see local-fetch-map.ts). */
export interface FolderCollectJob {
  logsPath: string;
  request: FetchRequest;
  incidentId: string;
  alarmKey: string;
  /** The stream buckets of the run (the collect Map's items). */
  buckets: number;
  /** The buckets this reader collects. */
  mine: number[];
}

export interface FolderCollectResult {
  events: number;
  tally: ReadTally;
  /** Where each of its buckets' partial collection was kept, by bucket. */
  shards: [bucket: number, key: string][];
}

/** Streams whose bucket is remembered (a bound: a file of endless distinct streams). */
const MAX_KNOWN_STREAMS = 16_384;

/** Events handed to a bucket's collector at a time. */
const BATCH = 1024;

/**
 * The fetch-slice and collect-shard steps' work on an incident folder's one slice, in one pass
 * for the buckets `mine`: reads the whole file, parses and masks only the lines of those buckets'
 * streams (as the folder fetcher does), and collects each bucket, in file order, with the
 * collector collect-shard runs on the bucket's parts. So each bucket's partial is the one
 * collect-shard would keep, by construction, and no part of the events is written: the readers
 * of the other buckets take the other lines (`bucketOwner`).
 */
export async function collectFolderBuckets(
  job: FolderCollectJob,
  deps: Pick<WorkflowDeps, 'blobs' | 'windows'>,
): Promise<FolderCollectResult> {
  const { windows } = await alarmWindows({ incidentId: job.incidentId, alarmKey: job.alarmKey }, deps);
  const buckets = new Map(
    job.mine.map((b) => [b, { collector: shardCollector(windows), batch: [] as LogEvent[] }]),
  );
  const tally: ReadTally = { lines: 0, coerced: 0, rejected: [] };
  let events = 0;
  const owner = bucketOwner(job.buckets, new Set(job.mine));
  for (const event of ownedEvents(job.logsPath, inRequest(job.request), owner, tally)) {
    events++;
    const bucket = buckets.get(shardOfStream(event.logGroup, event.logStream, job.buckets));
    if (!bucket) throw new Error('a line of another reader was read'); // bucketOwner and this disagree
    bucket.batch.push(event);
    if (bucket.batch.length >= BATCH) {
      bucket.collector.push(bucket.batch);
      bucket.batch = [];
    }
  }
  const shards: FolderCollectResult['shards'] = [];
  for (const [b, { collector, batch }] of buckets) {
    collector.push(batch);
    const key = shardKey(job.incidentId, b);
    await deps.blobs.put(key, JSON.stringify(collector.finish()), 'application/json');
    shards.push([b, key]);
  }
  return { events, tally, shards };
}

/**
 * The reader of the buckets `mine` of `buckets`: a line is the bucket of its stream as masked
 * (what the fetch files it under); a line that is no event goes to the reader of bucket 0, which
 * counts it as rejected. Every reader decides alike, so each line has one reader.
 */
export function bucketOwner(buckets: number, mine: ReadonlySet<number>): LineOwner {
  // A million lines name a few thousand streams: each stream's bucket is worked out once.
  const known = new Map<string, Map<string | undefined, number>>();
  let size = 0;
  const bucketOf = (logGroup: string, logStream: string | undefined) => {
    let streams = known.get(logGroup);
    const bucket = streams?.get(logStream);
    if (bucket !== undefined) return bucket;
    const computed = shardOfStream(
      maskName(logGroup),
      logStream === undefined ? undefined : maskName(logStream),
      buckets,
    );
    if (size >= MAX_KNOWN_STREAMS) {
      known.clear();
      size = 0;
    }
    if (!streams || size === 0) {
      streams = new Map();
      known.set(logGroup, streams);
    }
    streams.set(logStream, computed);
    size++;
    return computed;
  };
  return (event) => mine.has(event ? bucketOf(event.logGroup, event.logStream) : 0);
}
