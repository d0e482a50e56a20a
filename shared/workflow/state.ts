import type { StepName } from './steps.ts';

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
  /** Raw events, one JSON object per line, in parts of at most EVENTS_PER_PART lines: `<eventsKey>part-NNNNN.jsonl`. */
  eventsKey?: string;
  eventParts?: number;
  /**
   * The parts of each shard, by part number: every event of a log stream lies in one shard (a
   * stack trace never straddles two), at most SHARDS shards whatever the volume. The Map state
   * runs collect-shard once per entry.
   */
  shards?: number[][];
  /** One collect-shard run's input (set by the Map): which shard, and its parts. */
  shardIndex?: number;
  shardParts?: number[];
  /** One collect-shard run's output: the key of its partial collection. */
  shardKey?: string;
  /** The Map's result: the keys of the partial collections, one per shard (at most SHARDS). */
  shardKeys?: string[];
  /** The correlation's evidence: the offline report and its signature. */
  evidenceKey?: string;
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

export const MAX_NOTES = 20;
export const MAX_NOTE_LENGTH = 500;

/** Lines per stored part of the raw events: a part stays tens of MB, far below string and object limits. */
export const EVENTS_PER_PART = 100_000;

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

export function eventPartKey(eventsKey: string, part: number): string {
  return `${eventsKey}part-${String(part).padStart(5, '0')}.jsonl`;
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
export function withNotes(state: WorkflowState, notes: string[]): WorkflowState {
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
