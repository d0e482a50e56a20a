import type { LogLevel, LogRecord } from '../../domain/log-event.ts';
import { earlierRecord } from '../correlate/record-order.ts';
import type { FirstLine, ServiceStat } from './model.ts';

/** What is counted of one (service, level, template) while lines arrive, in a shard or a merge. */
export interface PatternTally {
  service: string;
  level: LogLevel;
  /** The template's handle in the miner of the shard or of the merge. */
  handle: number;
  first: FirstLine;
  logGroups: Set<string>;
  minutes: Map<number, number>;
  samples: Map<number, LogRecord>;
  /** The minute of the routine line kept from before the default window: the tally's earliest (see shard-pass). */
  earliestRoutineMinute?: number;
}

/**
 * Levels whose lines are sampled before the default incident window too: the data may open the
 * incident window earlier (an onset before it, collect/split.ts), and an error burst there must
 * still have lines to quote and weigh. Of routine lines before it, only each pattern's earliest is
 * kept: where an activity began (correlate/changes/activity.ts).
 */
export const FAILING_LEVELS: ReadonlySet<LogLevel> = new Set(['ERROR', 'FATAL', 'WARN']);

/** The counts of a pattern that merging adds up: lines per minute, earliest line per minute, log groups. */
export interface PatternCounts {
  minutes: Map<number, number>;
  samples: Map<number, LogRecord>;
  logGroups: Set<string>;
}

/**
 * The tallies by template handle, service and level, found without building a key per line;
 * `all` in order of creation.
 */
export class PatternTallies {
  readonly all: PatternTally[] = [];
  /** Handle → service → the tallies of its levels (at most one per level). */
  private readonly index = new Map<number, Map<string, PatternTally[]>>();

  /** The tally of (service, level, handle), created on first sight; `first` stays the earliest line. */
  of(service: string, level: LogLevel, handle: number, first: FirstLine): PatternTally {
    let services = this.index.get(handle);
    if (!services) {
      services = new Map();
      this.index.set(handle, services);
    }
    let levels = services.get(service);
    if (!levels) {
      levels = [];
      services.set(service, levels);
    }
    for (const tally of levels) {
      if (tally.level !== level) continue;
      if (earlierLine(first, tally.first)) tally.first = { at: first.at, message: first.message };
      return tally;
    }
    const created: PatternTally = {
      service,
      level,
      handle,
      first: { at: first.at, message: first.message },
      logGroups: new Set(),
      minutes: new Map(),
      samples: new Map(),
    };
    levels.push(created);
    this.all.push(created);
    return created;
  }
}

/** Adds the counts of one part of a pattern (a shard's, or another tally's) to `into`. */
export function addCounts(
  into: PatternCounts,
  minutes: Iterable<[number, number]>,
  samples: Iterable<[number, LogRecord]>,
  logGroups: Iterable<string>,
): void {
  for (const [m, n] of minutes) countMinute(into.minutes, m, n);
  for (const [m, r] of samples) keepSample(into.samples, m, r);
  for (const g of logGroups) into.logGroups.add(g);
}

export function countMinute(minutes: Map<number, number>, minute: number, lines: number): void {
  minutes.set(minute, (minutes.get(minute) ?? 0) + lines);
}

/** Keeps the earliest record of the minute (under the total order of records). */
export function keepSample(samples: Map<number, LogRecord>, minute: number, record: LogRecord): void {
  const kept = samples.get(minute);
  if (!kept || earlierRecord(record, kept)) samples.set(minute, record);
}

export function earlierLine(a: FirstLine, b: FirstLine): boolean {
  return a.at < b.at || (a.at === b.at && a.message < b.message);
}

/** An EC2 instance id (`i-` and 8 or 17 hex digits). */
const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/**
 * The EC2 instance a log stream is named after (the CloudWatch agent's default stream name is
 * `{instance_id}`), as the whole name or one of its segments.
 */
export function instanceOfStream(stream: string | undefined): string | undefined {
  if (stream === undefined || !stream.includes('i-')) return undefined;
  return stream.split('/').find((segment) => INSTANCE_ID.test(segment));
}

/** Counts a line of `service` in `logGroup` at `at`: its groups, its earliest line, the instance it came from. */
export function serviceStat(
  services: Map<string, ServiceStat>,
  service: string,
  logGroup: string,
  at: number,
  instance?: string,
): void {
  const s = services.get(service);
  if (!s) {
    const instances = new Set<string>(instance === undefined ? [] : [instance]);
    services.set(service, { service, logGroups: new Set([logGroup]), firstAt: at, instances });
    return;
  }
  s.logGroups.add(logGroup);
  s.firstAt = Math.min(s.firstAt, at);
  if (instance !== undefined) s.instances.add(instance);
}
