import { BucketPartWriter } from '../bucket-parts.ts';
import { DEFAULT_SLICING } from '../fetch-slices.ts';
import {
  BYTES_PER_PART,
  EVENTS_PER_PART,
  fetchPartKey,
  SHARDS,
  type SliceManifest,
  type StateWith,
  sliceManifestKey,
} from '../state.ts';
import { defineStep, LAMBDA_TRANSIENT } from '../step.ts';

/**
 * One run of the Map over the fetch slices: reads one slice (some log groups over a range of the
 * window) from the log store and keeps its events in the bucket as JSON lines, split by log stream
 * into the stream-hash buckets (every event of a stream in one bucket, in the order read) and each
 * bucket into parts capped in lines and bytes. Its manifest lists the parts per bucket, in order,
 * with the fetch's notes; the run returns the manifest's key.
 */
export const fetchSlice = defineStep(
  {
    name: 'fetch-slice',
    description:
      "Reads one slice's log groups and time range from CloudWatch Logs into S3 parts per stream bucket, with a manifest",
    ports: ['blobs', 'logs'],
    timeoutSeconds: 600,
    memoryMb: 1024,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'collect-shard',
    fanOut: {
      stateName: 'fetch-slices',
      itemsPath: '$.slices',
      pass: ['incidentId', 'alarmKey', 'eventsKey'],
      item: 'slice',
      index: 'sliceIndex',
      output: '$.sliceKey',
      resultPath: '$.sliceKeys',
      maxItems: DEFAULT_SLICING.maxSlices,
      // FilterLogEvents allows a few calls a second per account and region: more readers at once
      // would mostly be throttled (each retries, then notes what it could not read).
      maxConcurrency: 8,
      // A lost slice would silently drop lines from the analysis: one failed slice fails the Map.
      toleratedFailurePercentage: 0,
    },
  },
  async (state: StateWith<'slice' | 'sliceIndex' | 'eventsKey'>, deps): Promise<StateWith<'sliceKey'>> => {
    const { slice, sliceIndex, eventsKey } = state;
    if (!slice || sliceIndex === undefined || !eventsKey) {
      throw new Error('fetch-slice needs its slice of the fetch planned by plan-fetch');
    }
    const { events, outcome } = deps.fetcher.fetch({
      logGroups: slice.logGroups,
      startTime: slice.startTime,
      endTime: slice.endTime,
      ...(slice.openStart ? { openStart: true } : {}),
      ...(slice.openEnd ? { openEnd: true } : {}),
    });
    const buckets = Math.max(1, deps.shards ?? SHARDS);
    const writer = new BucketPartWriter(
      deps.blobs,
      buckets,
      {
        linesPerPart: Math.max(1, deps.eventsPerPart ?? EVENTS_PER_PART),
        bytesPerPart: Math.max(1, deps.bytesPerPart ?? BYTES_PER_PART),
      },
      (bucket, part) => fetchPartKey(eventsKey, sliceIndex, bucket, part),
    );
    for await (const event of events) await writer.add(event);
    const manifest: SliceManifest = {
      slice: sliceIndex,
      buckets,
      parts: await writer.finish(),
      events: outcome.events,
      truncated: outcome.truncated,
      notes: outcome.notes,
    };
    const key = sliceManifestKey(state.incidentId, sliceIndex);
    await deps.blobs.put(key, JSON.stringify(manifest), 'application/json');
    return { incidentId: state.incidentId, alarmKey: state.alarmKey, sliceKey: key };
  },
);
