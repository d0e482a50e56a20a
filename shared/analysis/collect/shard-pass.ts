import type { LogEvent, LogRecord } from '../../domain/log-event.ts';
import { ChangeKeeper, detectChange } from '../correlate/changes/index.ts';
import { shippedFrom } from '../correlate/changes/shipper-metadata.ts';
import { addHop, hopIdOf, hopsToJson, type RequestHops } from '../correlate/request-hops.ts';
import { createRecordParser, serviceFromPodName } from '../parse/index.ts';
import { TemplateMiner } from '../patterns/index.ts';
import { type Windows, windowOf } from '../window.ts';
import { DuplicateFilter } from './duplicate-filter.ts';
import { EmfKeeper } from './emf-keeper.ts';
import { minuteOf } from './minutes.ts';
import type { FirstLine, PartialCollection, ServiceStat } from './model.ts';
import {
  countMinute,
  earlierLine,
  FAILING_LEVELS,
  instanceOfStream,
  keepSample,
  PatternTallies,
  serviceStat,
} from './tallies.ts';

/**
 * Collects one shard of a window's events. Multi-line records (stack traces) are folded, and exact
 * duplicates found, per log stream within the shard, so shards must split the events by log
 * stream: every event of a stream in one shard, in its order. Everything else kept is a count, a
 * union, or a minimum under a total order, so merging shards in any order yields what one pass
 * over all their events yields.
 */
export function collectShard(events: Iterable<LogEvent>, defaults: Windows): PartialCollection {
  const collector = shardCollector(defaults);
  collector.push(events);
  return collector.finish();
}

/** `collectShard` fed in pieces (one stored part of the events at a time); `finish` once, at the end. */
export interface ShardCollector {
  push(events: Iterable<LogEvent>): void;
  finish(): PartialCollection;
}

/**
 * One streaming pass: parse, mine each record's template and count it per (service, level,
 * template) and per minute. Of the records themselves only the earliest of each minute is kept
 * per pattern (of the incident window, and before it for failing levels), and the pattern's very
 * first line, so memory follows the number of patterns and minutes, not of lines.
 */
export function shardCollector(defaults: Windows): ShardCollector {
  const parser = createRecordParser();
  const duplicateFilter = new DuplicateFilter();
  const miner = new TemplateMiner();
  const groupFirst: FirstLine[] = [];
  const tallies = new PatternTallies();
  const services = new Map<string, ServiceStat>();
  const changes = new ChangeKeeper();
  const hops: RequestHops = new Map();
  const emf = new EmfKeeper();
  const sampleFromMinute = minuteOf(defaults.baselineEnd, defaults);
  let duplicates = 0;
  let linesScanned = 0;
  let linesUnparsed = 0;
  let outsideWindow = 0;
  const logGroups = new Set<string>();
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = Number.NEGATIVE_INFINITY;

  const instances = new Map<string, string | undefined>();
  const instanceOf = (stream: string | undefined) => {
    if (stream === undefined) return undefined;
    if (!instances.has(stream)) instances.set(stream, instanceOfStream(stream));
    return instances.get(stream);
  };
  // The workload of the pod a shipped container line came from (its events name the pod).
  const workloads = new Map<string, string>();
  const workloadOf = (record: LogRecord) => {
    const pod = shippedFrom(record, 'pod_name');
    if (pod === undefined) return undefined;
    let workload = workloads.get(pod);
    if (workload === undefined) {
      workload = serviceFromPodName(pod);
      if (workloads.size < MAX_PODS) workloads.set(pod, workload);
    }
    return workload;
  };
  const take = (record: LogRecord) => {
    linesScanned += record.lineCount;
    if (!record.parsed) linesUnparsed += record.lineCount;
    if (windowOf(record.at, defaults) === 'outside') {
      outsideWindow += record.lineCount;
      return;
    }
    logGroups.add(record.logGroup);
    firstAt = Math.min(firstAt, record.at);
    lastAt = Math.max(lastAt, record.at);
    const change = detectChange(record);
    if (change) changes.add(change);
    if (record.style === 'json' && record.raw.includes('CloudWatchMetrics')) emf.add(record);
    if (record.level === 'ERROR' || record.level === 'FATAL' || record.level === 'WARN') {
      const id = hopIdOf(record);
      if (id) addHop(hops, id, record.service, record.at);
    }

    const minute = minuteOf(record.at, defaults);
    const handle = miner.add(record.message, minute < sampleFromMinute ? 'baseline' : 'incident');
    const groupLine = groupFirst[handle];
    if (!groupLine || earlierLine(record, groupLine)) {
      groupFirst[handle] = { at: record.at, message: record.message };
    }
    const stat = tallies.of(record.service, record.level, handle, record);
    stat.logGroups.add(record.logGroup);
    countMinute(stat.minutes, minute, 1);
    if (minute >= sampleFromMinute || FAILING_LEVELS.has(record.level))
      keepSample(stat.samples, minute, record);
    else if (stat.first.at === record.at && stat.first.message === record.message) {
      if (stat.earliestRoutineMinute !== undefined && stat.earliestRoutineMinute !== minute)
        stat.samples.delete(stat.earliestRoutineMinute);
      keepSample(stat.samples, minute, record);
      stat.earliestRoutineMinute = minute;
    }
    serviceStat(
      services,
      record.service,
      record.logGroup,
      record.at,
      instanceOf(record.logStream) ?? workloadOf(record),
    );
  };

  const push = (events: Iterable<LogEvent>) => {
    for (const event of events) {
      if (duplicateFilter.seen(event)) {
        duplicates++;
        continue;
      }
      for (const record of parser.push(event)) take(record);
    }
  };
  const finish = (): PartialCollection => {
    for (const record of parser.flush()) take(record);
    return partial();
  };
  const partial = (): PartialCollection => ({
    version: 1,
    windows: { ...defaults },
    miner: miner.snapshot(),
    groupFirst,
    patterns: [...tallies.all].map((p) => ({
      service: p.service,
      level: p.level,
      group: p.handle,
      first: p.first,
      logGroups: [...p.logGroups],
      minutes: [...p.minutes.entries()],
      samples: [...p.samples.entries()],
    })),
    services: [...services.values()].map((s) => ({
      service: s.service,
      logGroups: [...s.logGroups],
      firstAt: s.firstAt,
      instances: [...s.instances],
    })),
    changes: changes.list(),
    changesDropped: changes.dropped,
    duplicates,
    linesScanned,
    linesUnparsed,
    outsideWindow,
    logGroups: [...logGroups],
    firstAt: Number.isFinite(firstAt) ? firstAt : null,
    lastAt: Number.isFinite(lastAt) ? lastAt : null,
    requestHops: hopsToJson(hops),
    emf: emf.points,
    ...(emf.dropped > 0 ? { emfDropped: emf.dropped } : {}),
  });
  return { push, finish };
}

/** Pods whose workload names are remembered per shard (a bound on a cache, not on what is read). */
const MAX_PODS = 10_000;
