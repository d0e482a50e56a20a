import type { FetchSlice } from './fetch-slices.ts';
import type { StepName } from './step.ts';

/**
 * What travels between the workflow's steps: the incident id and pointers (keys in the report
 * bucket), never the events or the report themselves, so a payload stays far below Step
 * Functions' 256 KB whatever the log volume.
 */
export interface WorkflowState {
  incidentId: string;
  /** Other incidents open at the same time (concurrent alarms of one outage). */
  relatedIncidents?: string[];
  /** Which analysis of the incident this is (a flapping alarm re-runs its open incident). */
  run?: number;
  /** Key of the alarm event as EventBridge delivered it. */
  alarmKey: string;
  /** The log groups read, and where each came from (alarm config, tags, dimensions). */
  logGroups?: string[];
  logGroupSources?: string[];
  /** Where the raw events are kept: parts of JSON lines under this prefix (see fetchPartKey). */
  eventsKey?: string;
  /**
   * The fetch cut into slices (plan-fetch plans them, see fetch-slices.ts): at most
   * `DEFAULT_SLICING.maxSlices` entries of a few groups' names and two times. The first Map runs
   * fetch-slice once per entry.
   */
  slices?: FetchSlice[];
  /** One fetch-slice run's input (set by the Map): which slice. */
  slice?: FetchSlice;
  sliceIndex?: number;
  /** One fetch-slice run's output: the key of its manifest (which parts per bucket, its notes). */
  sliceKey?: string;
  /** The first Map's result: the manifests' keys, in slice order. */
  sliceKeys?: string[];
  /**
   * The stream-hash buckets, 0..n-1 (n = SHARDS unless configured): the second Map runs
   * collect-shard once per bucket, each reading its bucket's parts of every slice, in slice order.
   */
  buckets?: number[];
  /** One collect-shard run's input (set by the Map): which bucket. */
  shardIndex?: number;
  /** One collect-shard run's output: the key of its partial collection. */
  shardKey?: string;
  /** The Map's result: the keys of the partial collections, one per shard (at most SHARDS). */
  shardKeys?: string[];
  /** The metrics and traces of the window (a Telemetry as JSON), when fetch-telemetry read any. */
  telemetryKey?: string;
  /** What analyze wrote: the offline report and its signature (an OfflineReport as JSON). */
  offlineReportKey?: string;
  /** The past incidents like this one, ranked (find-similar). */
  similarKey?: string;
  /** The final report (report.json). */
  reportKey?: string;
  /** Where the published report can be read. */
  reportUrl?: string;
  /** What a step could not use or had to cut (bounded; said in the report). */
  notes?: string[];
  /** Set by a Catch: the error of the step that failed after its retries. */
  failure?: { Error?: string; Cause?: string };
  /** Set by the Pass state after that Catch: which step failed. */
  failedStep?: StepName;
}

/** What every step gets: the incident and where its alarm event is kept. */
export type StepState = Pick<WorkflowState, 'incidentId' | 'alarmKey'>;

/** A step's input or output: the common fields and these (optional in the type: checked at run time). */
export type StateWith<K extends keyof WorkflowState> = StepState & Pick<WorkflowState, K>;

export const MAX_NOTES = 20;
export const MAX_NOTE_LENGTH = 500;

/** Lines per stored part of the raw events: a part stays tens of MB, far below string and object limits. */
export const EVENTS_PER_PART = 100_000;

/** Bytes per stored part, whatever its lines: 100,000 lines of 1 MB must not make one 100 GB part. */
export const BYTES_PER_PART = 32 * 1024 * 1024;

/** Shards of one window: the events are split by log stream into at most this many. */
export const SHARDS = 8;

/** The shard a log stream's events go to (a stable hash of the group and stream). */
export function shardOfStream(logGroup: string, logStream: string | undefined, shards = SHARDS): number {
  let h = 0x811c9dc5;
  const text = `${logGroup}\u0000${logStream ?? ''}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % Math.max(1, shards);
}

/** Where one shard's partial collection is kept. */
export function shardKey(incidentId: string, shard: number): string {
  return incidentKey(incidentId, `shards/shard-${String(shard).padStart(3, '0')}.json`);
}

/** The n-th part a slice wrote (of `bucket`): `<eventsKey>slice-SSSSS-bucket-BBB-part-NNNNN.jsonl`. */
export function fetchPartKey(eventsKey: string, slice: number, bucket: number, part: number): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${eventsKey}slice-${pad(slice, 5)}-bucket-${pad(bucket, 3)}-part-${pad(part, 5)}.jsonl`;
}

/** Where one slice's manifest is kept. */
export function sliceManifestKey(incidentId: string, slice: number): string {
  return incidentKey(incidentId, `slices/slice-${String(slice).padStart(5, '0')}.json`);
}

/** What a fetch-slice run leaves: its parts per bucket, in order, and what its fetch said. */
export interface SliceManifest {
  slice: number;
  /** Buckets the events were split into (the same in every slice of a run). */
  buckets: number;
  /** The part keys of each bucket, in the order written. */
  parts: string[][];
  events: number;
  truncated: boolean;
  /** The fetch's notes: throttling, missing groups, caps, rejected lines. */
  notes: string[];
}

export function incidentKey(incidentId: string, name: string): string {
  return `incidents/${incidentId}/${name}`;
}

/** Where a published report lives: dated, one folder per incident. */
export function reportPrefix(incidentId: string, occurredAt: string): string {
  const day = occurredAt.slice(0, 10).replace(/-/g, '/');
  return `reports/${day}/${incidentId}/`;
}

/** Adds notes, bounded in number and length: the state must stay a few KB whatever happened. */
export function withNotes<S extends StateWith<'notes'>>(state: S, notes: string[]): S & { notes: string[] } {
  const all = [
    ...(state.notes ?? []),
    ...notes.map((n) => (n.length > MAX_NOTE_LENGTH ? `${n.slice(0, MAX_NOTE_LENGTH - 3)}...` : n)),
  ];
  return {
    ...state,
    notes:
      all.length > MAX_NOTES
        ? [...all.slice(0, MAX_NOTES - 1), `${all.length - MAX_NOTES + 1} more note(s) left out`]
        : all,
  };
}
