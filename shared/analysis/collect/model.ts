import type { LogLevel, LogRecord } from '../../domain/log-event.ts';
import type { MetricDatapoint } from '../../domain/telemetry.ts';
import type { ChangeEvent } from '../correlate/changes/index.ts';
import type { RequestHops } from '../correlate/request-hops.ts';
import type { MinerSnapshot } from '../patterns/miner.ts';
import type { LineSignal } from '../signals/classify-line.ts';
import type { Windows } from '../window.ts';

/** Counts of one (service, level, template) in the two windows, with its earliest incident lines. */
export interface PatternStat {
  key: string;
  service: string;
  level: LogLevel;
  /** Miner handle; resolved to a template once mining is done. */
  handle: number;
  template: string;
  templateId: string;
  baselineCount: number;
  incidentCount: number;
  firstIncidentAt: number;
  /** The earliest incident-window records of this pattern (a small bounded sample). */
  samples: LogRecord[];
  /** Lines per minute relative to the alarm (minute 0 starts at the alarm). */
  minutes: Map<number, number>;
  /** The earliest line of each minute (of the default incident window on, and before it for failing levels): where samples come from. */
  bucketSamples: Map<number, LogRecord>;
  /** The pattern's earliest line, in either window (where an activity began). */
  firstRecord: LogRecord | undefined;
  signals: LineSignal[];
  errorLike: boolean;
  logGroups: Set<string>;
}

export interface ServiceStat {
  service: string;
  logGroups: Set<string>;
  firstAt: number;
  /**
   * What hosts it: EC2 instances whose streams (named after them) carry its lines, and the
   * Kubernetes workloads whose pods' shipped container lines are its (`kubernetes.pod_name`).
   */
  instances: Set<string>;
}

/** A window's logs collected: what the correlation reads. */
export interface Collected {
  /** The windows actually used: the defaults, or a later split when the data holds no baseline. */
  windows: Windows;
  /** Why the split moved, when it did. */
  windowNote: string | null;
  patterns: PatternStat[];
  services: Map<string, ServiceStat>;
  changes: ChangeEvent[];
  /** Restart and scaling lines counted but not kept (see ChangeKeeper). */
  changesDropped: number;
  /** Exact duplicate events (see DuplicateFilter), counted once and otherwise left out. */
  duplicates: number;
  linesScanned: number;
  linesUnparsed: number;
  outsideWindow: number;
  baselineLines: number;
  incidentLines: number;
  logGroups: Set<string>;
  firstAt: number;
  lastAt: number;
  /** Request ids printed beside failures: which service failed on each, and first when. */
  requestHops: RequestHops;
  /** The metrics the window's embedded-metric-format events declare (Container Insights, Powertools). */
  emf: MetricDatapoint[];
  /** EMF datapoints read but not kept (the bound). */
  emfDropped: number;
}

/** The earliest line of a group or pattern: (time, message), the message breaking ties. */
export interface FirstLine {
  at: number;
  message: string;
}

/** One (service, level, masked-line group) of a shard. */
export interface PartialPattern {
  service: string;
  level: LogLevel;
  /** Index of the masked-line group in the shard's miner snapshot. */
  group: number;
  first: FirstLine;
  logGroups: string[];
  /** [minute relative to the alarm, lines]. */
  minutes: [number, number][];
  /** [minute, its earliest line], from the default incident window on. */
  samples: [number, LogRecord][];
}

/**
 * What one shard of a window's events (one pass of `collectShard`) leaves for the merge: plain
 * JSON-serializable data whose size follows the number of distinct lines and patterns, not of lines.
 */
export interface PartialCollection {
  version: 1;
  /** The default windows the shard was collected with; every shard of a merge must share them. */
  windows: Windows;
  miner: MinerSnapshot;
  /** For each miner group, its earliest line (what its signals are read from). */
  groupFirst: FirstLine[];
  patterns: PartialPattern[];
  services: { service: string; logGroups: string[]; firstAt: number; instances?: string[] }[];
  changes: ChangeEvent[];
  /** Absent in partials written before the bound existed. */
  changesDropped?: number;
  /** Exact duplicate events left out; absent in partials written before they were. */
  duplicates?: number;
  linesScanned: number;
  linesUnparsed: number;
  outsideWindow: number;
  logGroups: string[];
  /** Null when no line of the shard falls in the windows. */
  firstAt: number | null;
  lastAt: number | null;
  /** [request id, [service, earliest failing line][]]; absent in partials written before it existed. */
  requestHops?: [string, [string, number][]][];
  /** Datapoints of embedded-metric-format events; absent in partials written before they were read. */
  emf?: MetricDatapoint[];
  emfDropped?: number;
}
