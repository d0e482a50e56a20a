import type { LogEvent, LogLevel, LogRecord } from '../../domain/log-event.ts';
import { createRecordParser, cutQuote } from '../parse/index.ts';
import { TemplateMiner } from '../patterns/index.ts';
import type { MinerSnapshot } from '../patterns/miner.ts';
import { isErrorLike, type LineSignal, lineSignals, withExceptionSignals } from '../signals/classify-line.ts';
import { type Windows, windowOf } from '../window.ts';
import { ChangeKeeper } from './change-keeper.ts';
import { type ChangeEvent, detectChange } from './changes.ts';
import { stepOnset } from './onset.ts';
import { compareText, earlierRecord } from './record-order.ts';
import { addHop, hopsToJson, mergeHops, type RequestHops, requestIdOf } from './request-ids.ts';

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
  /** The earliest line of each minute from the default incident window on: where samples come from. */
  bucketSamples: Map<number, LogRecord>;
  signals: LineSignal[];
  errorLike: boolean;
  logGroups: Set<string>;
}

export interface ServiceStat {
  service: string;
  logGroups: Set<string>;
  firstAt: number;
}

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
}

const SAMPLES_PER_PATTERN = 3;
const MINUTE = 60_000;
/** Pre-alarm data needed before its earlier half may serve as the baseline. */
const MIN_ADAPTIVE_SPAN_MINUTES = 2;
/** The least history that can serve as a baseline. */
const MIN_BASELINE_MINUTES = 1;

/** The first physical line of a record as it stood in its event: what evidence quotes verbatim. */
export function quotableText(record: LogRecord): string {
  // Cut to a few KB, the cut marked: a quote is for reading, and a 50 MB line would make 100 MB reports.
  if (record.lineCount <= 1) return cutQuote(record.raw);
  const nl = record.raw.indexOf('\n');
  return cutQuote(nl === -1 ? record.raw : record.raw.slice(0, nl));
}

/** The earliest line of a group or pattern: (time, message), the message breaking ties. */
interface FirstLine {
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
  services: { service: string; logGroups: string[]; firstAt: number }[];
  changes: ChangeEvent[];
  /** Absent in partials written before the bound existed. */
  changesDropped?: number;
  linesScanned: number;
  linesUnparsed: number;
  outsideWindow: number;
  logGroups: string[];
  /** Null when no line of the shard falls in the windows. */
  firstAt: number | null;
  lastAt: number | null;
  /** [request id, [service, earliest failing line][]]; absent in partials written before it existed. */
  requestHops?: [string, [string, number][]][];
}

/**
 * One streaming pass over the events: parse, mine each record's template and count it per
 * (service, level, template) and per minute. Of the records themselves only the earliest of each
 * minute of the incident window is kept per pattern, so memory follows the number of patterns,
 * not of lines. The baseline/incident split is made after the pass: the default one, or, when the
 * data holds no baseline before the incident window but several minutes before the alarm, the
 * earlier half of those minutes (a window without a baseline cannot tell new errors from old).
 *
 * It is the merge of a single shard: sharded collection and this pass are one implementation.
 */
export function collect(events: Iterable<LogEvent>, defaults: Windows): Collected {
  return mergeCollections([collectShard(events, defaults)], defaults);
}

/**
 * Collects one shard of a window's events. Multi-line records (stack traces) are folded per log
 * stream within the shard, so shards must split the events by log stream: every event of a stream
 * in one shard, in its order. Everything else kept is a count, a union, or a minimum under a total
 * order, so merging shards in any order yields what one pass over all their events yields.
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

export function shardCollector(defaults: Windows): ShardCollector {
  const parser = createRecordParser();
  const miner = new TemplateMiner();
  const groupFirst: FirstLine[] = [];
  const tallies = new PatternTallies();
  const services = new Map<string, ServiceStat>();
  const changes = new ChangeKeeper();
  const hops: RequestHops = new Map();
  const sampleFromMinute = minuteOf(defaults.baselineEnd, defaults);
  let linesScanned = 0;
  let linesUnparsed = 0;
  let outsideWindow = 0;
  const logGroups = new Set<string>();
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = Number.NEGATIVE_INFINITY;

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
    if (record.level === 'ERROR' || record.level === 'FATAL' || record.level === 'WARN') {
      const id = requestIdOf(record);
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
    if (minute >= sampleFromMinute) keepSample(stat.samples, minute, record);
    serviceStat(services, record.service, record.logGroup, record.at);
  };

  const push = (events: Iterable<LogEvent>) => {
    for (const event of events) for (const record of parser.push(event)) take(record);
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
    })),
    changes: changes.list(),
    changesDropped: changes.dropped,
    linesScanned,
    linesUnparsed,
    outsideWindow,
    logGroups: [...logGroups],
    firstAt: Number.isFinite(firstAt) ? firstAt : null,
    lastAt: Number.isFinite(lastAt) ? lastAt : null,
    requestHops: hopsToJson(hops),
  });
  return { push, finish };
}

/** What is counted of one (service, level, template) while lines arrive, in a shard or a merge. */
interface PatternTally {
  service: string;
  level: LogLevel;
  /** The template's handle in the miner of the shard or of the merge. */
  handle: number;
  first: FirstLine;
  logGroups: Set<string>;
  minutes: Map<number, number>;
  samples: Map<number, LogRecord>;
}

/**
 * The tallies by template handle, service and level, found without building a key per line;
 * `all` in order of creation.
 */
class PatternTallies {
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

function countMinute(minutes: Map<number, number>, minute: number, lines: number): void {
  minutes.set(minute, (minutes.get(minute) ?? 0) + lines);
}

/** Keeps the earliest record of the minute (under the total order of records). */
function keepSample(samples: Map<number, LogRecord>, minute: number, record: LogRecord): void {
  const kept = samples.get(minute);
  if (!kept || earlierRecord(record, kept)) samples.set(minute, record);
}

/**
 * Merges the shards of one window into what `collect` yields on all their events at once: the
 * same patterns, counts, samples, templates and ids, whatever the number and order of the shards
 * (exact while no shard, nor the whole, exceeds the miner's cap on distinct lines, and while each
 * log stream lies in one shard). The baseline/incident split is chosen here, over the whole window.
 */
export function mergeCollections(parts: readonly PartialCollection[], defaults: Windows): Collected {
  const miner = new TemplateMiner();
  const groupFirst: FirstLine[] = [];
  const tallies = new PatternTallies();
  const services = new Map<string, ServiceStat>();
  const changes = new ChangeKeeper();
  let changesDropped = 0;
  const logGroups = new Set<string>();
  let linesScanned = 0;
  let linesUnparsed = 0;
  let outsideWindow = 0;
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = Number.NEGATIVE_INFINITY;
  const requestHops: RequestHops = new Map();

  for (const part of parts) {
    if (!sameWindows(part.windows, defaults)) {
      throw new Error('a shard was collected with other windows than the merge');
    }
    const handles = miner.absorb(part.miner);
    part.groupFirst.forEach((line, i) => {
      const h = handles[i] as number;
      const kept = groupFirst[h];
      if (!kept || earlierLine(line, kept)) groupFirst[h] = line;
    });
    for (const p of part.patterns) {
      const stat = tallies.of(p.service, p.level, handles[p.group] as number, p.first);
      for (const g of p.logGroups) stat.logGroups.add(g);
      for (const [m, n] of p.minutes) countMinute(stat.minutes, m, n);
      for (const [m, r] of p.samples) keepSample(stat.samples, m, r);
    }
    for (const s of part.services) {
      for (const g of s.logGroups) serviceStat(services, s.service, g, s.firstAt);
    }
    for (const c of part.changes) changes.add(c);
    changesDropped += part.changesDropped ?? 0;
    for (const g of part.logGroups) logGroups.add(g);
    linesScanned += part.linesScanned;
    linesUnparsed += part.linesUnparsed;
    outsideWindow += part.outsideWindow;
    mergeHops(requestHops, part.requestHops ?? []);
    if (part.firstAt !== null) firstAt = Math.min(firstAt, part.firstAt);
    if (part.lastAt !== null) lastAt = Math.max(lastAt, part.lastAt);
  }

  // Handles in a canonical order too (by masked line, the overflow group last), then re-keyed.
  const absorbed = miner.snapshot();
  const order = absorbed.groups.map((_, i) => i);
  order.sort(
    (a, b) =>
      Number(a === absorbed.overflow) - Number(b === absorbed.overflow) ||
      compareText(absorbed.groups[a]?.key ?? '', absorbed.groups[b]?.key ?? ''),
  );
  const rank = new Int32Array(order.length);
  order.forEach((g, r) => {
    rank[g] = r;
  });
  const canonical = TemplateMiner.fromSnapshot({
    groups: order.map((g) => absorbed.groups[g] as MinerSnapshot['groups'][number]),
    overflow: absorbed.overflow < 0 ? -1 : (rank[absorbed.overflow] as number),
  });
  const groupKeys = order.map((g) => absorbed.groups[g]?.key ?? '');
  const firstOfGroup: FirstLine[] = [];
  groupFirst.forEach((line, h) => {
    firstOfGroup[rank[h] as number] = line;
  });
  for (const stat of tallies.all) stat.handle = rank[stat.handle] as number;
  const signalsByHandle = new Map<number, LineSignal[]>();
  const signalsOf = (handle: number): LineSignal[] => {
    let signals = signalsByHandle.get(handle);
    if (!signals) {
      signals = lineSignals(firstOfGroup[handle]?.message ?? '');
      signalsByHandle.set(handle, signals);
    }
    return signals;
  };
  // A canonical order (earliest line first), so nothing depends on the order lines arrived in.
  const ordered = [...tallies.all].sort(
    (a, b) =>
      a.first.at - b.first.at ||
      compareText(a.first.message, b.first.message) ||
      compareText(a.service, b.service) ||
      compareText(a.level, b.level) ||
      compareText(groupKeys[a.handle] ?? '', groupKeys[b.handle] ?? ''),
  );

  const merged = new Map<string, PatternStat>();
  for (const stat of ordered) {
    const signals = signalsOf(stat.handle);
    const templateId = canonical.idOf(stat.handle);
    const key = `${stat.service}\u0000${stat.level}\u0000${templateId}`;
    const errorLike = isErrorLike(stat.level, stat.first.message, signals);
    const into = merged.get(key);
    if (!into) {
      merged.set(key, {
        key,
        service: stat.service,
        level: stat.level,
        handle: stat.handle,
        template: canonical.templateOf(stat.handle),
        templateId,
        baselineCount: 0,
        incidentCount: 0,
        firstIncidentAt: Number.POSITIVE_INFINITY,
        samples: [],
        minutes: new Map(stat.minutes),
        bucketSamples: new Map(stat.samples),
        signals,
        errorLike,
        logGroups: new Set(stat.logGroups),
      });
      continue;
    }
    for (const [m, n] of stat.minutes) countMinute(into.minutes, m, n);
    for (const [m, r] of stat.samples) keepSample(into.bucketSamples, m, r);
    into.errorLike ||= errorLike;
    if (strongest(signals) > strongest(into.signals)) into.signals = signals;
    for (const g of stat.logGroups) into.logGroups.add(g);
  }
  const { windows, note } = chooseSplit(defaults, firstAt, lastAt, minuteSeries(merged.values()));
  const boundary = minuteOf(windows.baselineEnd, defaults);
  let baselineLines = 0;
  let incidentLines = 0;
  for (const p of merged.values()) {
    p.minutes = new Map([...p.minutes.entries()].sort((a, b) => a[0] - b[0]));
    p.bucketSamples = new Map([...p.bucketSamples.entries()].sort((a, b) => a[0] - b[0]));
    p.logGroups = new Set([...p.logGroups].sort(compareText));
    for (const [m, n] of p.minutes) {
      if (m < boundary) p.baselineCount += n;
      else p.incidentCount += n;
    }
    p.samples = [...p.bucketSamples.entries()]
      .filter(([m]) => m >= boundary)
      .map(([, r]) => r)
      .slice(0, SAMPLES_PER_PATTERN);
    p.firstIncidentAt = p.samples[0]?.at ?? Number.POSITIVE_INFINITY;
    // The exception a folded stack trace ends in speaks for its head line ("Consumer exception").
    if (p.errorLike)
      p.signals = withExceptionSignals(
        p.signals,
        p.samples.map((r) => r.exception),
      );
    baselineLines += p.baselineCount;
    incidentLines += p.incidentCount;
  }
  const orderedServices = [...services.values()]
    .sort((a, b) => a.firstAt - b.firstAt || compareText(a.service, b.service))
    .map((s): [string, ServiceStat] => [
      s.service,
      { ...s, logGroups: new Set([...s.logGroups].sort(compareText)) },
    ]);
  return {
    windows,
    windowNote: note,
    patterns: [...merged.values()],
    services: new Map(orderedServices),
    changes: changes.list(),
    changesDropped: changesDropped + changes.dropped,
    linesScanned,
    linesUnparsed,
    outsideWindow,
    baselineLines,
    incidentLines,
    logGroups: new Set([...logGroups].sort(compareText)),
    firstAt,
    lastAt,
    requestHops,
  };
}

function sameWindows(a: Windows, b: Windows): boolean {
  return (
    a.alarmAt === b.alarmAt &&
    a.baselineStart === b.baselineStart &&
    a.baselineEnd === b.baselineEnd &&
    a.incidentEnd === b.incidentEnd
  );
}

function earlierLine(a: FirstLine, b: FirstLine): boolean {
  return a.at < b.at || (a.at === b.at && a.message < b.message);
}

/** Error-like lines and all lines per minute (relative to the alarm), all services together. */
function minuteSeries(patterns: Iterable<PatternStat>): {
  errors: Map<number, number>;
  lines: Map<number, number>;
} {
  const errors = new Map<number, number>();
  const lines = new Map<number, number>();
  for (const p of patterns) {
    for (const [m, n] of p.minutes) {
      countMinute(lines, m, n);
      if (p.errorLike) countMinute(errors, m, n);
    }
  }
  return { errors, lines };
}

/**
 * Where the baseline ends and the incident window begins. The data decides where it can: the
 * onset of the error series (its change point) opens the incident window when it comes before the
 * default opening (an alarm that fired late), or wherever it is when the logs begin after the
 * default opening (a short history, whose minutes before the onset are its only baseline). Without
 * a clear onset, a short history is split at the midpoint of its minutes before the alarm.
 */
function chooseSplit(
  defaults: Windows,
  firstAt: number,
  lastAt: number,
  series: { errors: ReadonlyMap<number, number>; lines: ReadonlyMap<number, number> },
): { windows: Windows; note: string | null } {
  if (!Number.isFinite(firstAt)) return { windows: defaults, note: null };
  const defaultOpen = minuteOf(defaults.baselineEnd, defaults);
  const dataStart = Math.max(minuteOf(firstAt, defaults), minuteOf(defaults.baselineStart, defaults));
  const onset = stepOnset(
    series.errors,
    dataStart,
    Math.min(minuteOf(lastAt, defaults), 0),
    MIN_BASELINE_MINUTES,
    series.lines,
  );
  const at = (minute: number) => ({ ...defaults, baselineEnd: defaults.alarmAt + minute * MINUTE });
  const rates = onset
    ? `from ${percent(onset.rateBefore)} to ${percent(onset.rateAfter)} of the lines logged`
    : '';
  if (dataStart < defaultOpen) {
    if (!onset || onset.minute >= defaultOpen) return { windows: defaults, note: null };
    return {
      windows: at(onset.minute),
      note: `The errors stepped up ${-onset.minute} min before the alarm (${rates}), before the default incident window opens: the incident window opens at that onset.`,
    };
  }
  const preAlarmMinutes = -dataStart;
  if (onset) {
    return {
      windows: at(onset.minute),
      note: `The logs start only ${preAlarmMinutes} min before the alarm; the errors step up ${-onset.minute} min before it (${rates}): the ${onset.minute - dataStart} min before that onset serve as the baseline.`,
    };
  }
  if (preAlarmMinutes < MIN_ADAPTIVE_SPAN_MINUTES) return { windows: defaults, note: null };
  const half = Math.ceil(preAlarmMinutes / 2);
  return {
    windows: at(-half),
    note: `The logs start only ${preAlarmMinutes} min before the alarm, inside the default incident window: the earlier ${preAlarmMinutes - half} min serve as the baseline and the incident window opens ${half} min before the alarm.`,
  };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;
}

function minuteOf(at: number, w: Windows): number {
  return Math.floor((at - w.alarmAt) / MINUTE);
}

function strongest(signals: LineSignal[]): number {
  return signals.reduce((m, s) => Math.max(m, s.strength), 0);
}

function serviceStat(
  services: Map<string, ServiceStat>,
  service: string,
  logGroup: string,
  at: number,
): void {
  const s = services.get(service);
  if (!s) {
    services.set(service, { service, logGroups: new Set([logGroup]), firstAt: at });
    return;
  }
  s.logGroups.add(logGroup);
  s.firstAt = Math.min(s.firstAt, at);
}

/**
 * The shards of one window, collected apart (`collectShard`), standing where an API takes the
 * window's events (`analyzeIncident`): `correlate` merges them under its own windows instead of
 * reading events. They hold no events; iterating them is an error.
 */
export class CollectedShards implements Iterable<LogEvent> {
  constructor(readonly parts: readonly PartialCollection[]) {}

  [Symbol.iterator](): Iterator<LogEvent> {
    throw new Error('collected shards hold no events: give them to correlate, which merges them');
  }
}

/** What `correlate` reads: events, shards collected apart, or a window already collected. */
export type CollectSource = Iterable<LogEvent> | CollectedShards | Collected;

/** The collection of a source under the default windows (a Collected is taken as it is). */
export function collectSource(source: CollectSource, defaults: Windows): Collected {
  if (source instanceof CollectedShards) return mergeCollections(source.parts, defaults);
  if (isCollected(source)) return source;
  return collect(source, defaults);
}

function isCollected(source: CollectSource): source is Collected {
  return (
    typeof source === 'object' &&
    source !== null &&
    'patterns' in source &&
    'windows' in source &&
    !(Symbol.iterator in source)
  );
}
