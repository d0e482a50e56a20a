import type { LogEvent, LogLevel, LogRecord } from '../../domain/log-event.ts';
import { createRecordParser } from '../parse/index.ts';
import { TemplateMiner } from '../patterns/index.ts';
import { isErrorLike, type LineSignal, lineSignals } from '../signals/classify-line.ts';
import { type Windows, windowOf } from '../window.ts';
import { type ChangeEvent, detectChange } from './changes.ts';

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
  linesScanned: number;
  linesUnparsed: number;
  outsideWindow: number;
  baselineLines: number;
  incidentLines: number;
  logGroups: Set<string>;
  firstAt: number;
  lastAt: number;
}

const SAMPLES_PER_PATTERN = 3;
const MINUTE = 60_000;
/** Pre-alarm data needed before its earlier half may serve as the baseline. */
const MIN_ADAPTIVE_SPAN_MINUTES = 4;

/** The first physical line of a record as it stood in its event: what evidence quotes verbatim. */
export function quotableText(record: LogRecord): string {
  if (record.lineCount <= 1) return record.raw;
  const nl = record.raw.indexOf('\n');
  return nl === -1 ? record.raw : record.raw.slice(0, nl);
}

/**
 * One streaming pass over the events: parse, mine each record's template and count it per
 * (service, level, template) and per minute. Of the records themselves only the earliest of each
 * minute of the incident window is kept per pattern, so memory follows the number of patterns,
 * not of lines. The baseline/incident split is made after the pass: the default one, or, when the
 * data holds no baseline before the incident window but several minutes before the alarm, the
 * earlier half of those minutes (a window without a baseline cannot tell new errors from old).
 */
export function collect(events: Iterable<LogEvent>, defaults: Windows): Collected {
  const parser = createRecordParser();
  const miner = new TemplateMiner();
  const byKey = new Map<string, PatternStat>();
  const signalsByHandle = new Map<number, LineSignal[]>();
  const services = new Map<string, ServiceStat>();
  const changes: ChangeEvent[] = [];
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
    if (change) changes.push(change);

    const minute = minuteOf(record.at, defaults);
    const handle = miner.add(record.message, minute < sampleFromMinute ? 'baseline' : 'incident');
    let signals = signalsByHandle.get(handle);
    if (!signals) {
      signals = lineSignals(record.message);
      signalsByHandle.set(handle, signals);
    }
    const key = `${record.service}\u0000${record.level}\u0000${handle}`;
    let stat = byKey.get(key);
    if (!stat) {
      stat = newPattern(key, record, handle, signals);
      byKey.set(key, stat);
    }
    stat.logGroups.add(record.logGroup);
    stat.minutes.set(minute, (stat.minutes.get(minute) ?? 0) + 1);
    if (minute >= sampleFromMinute) {
      const kept = stat.bucketSamples.get(minute);
      if (!kept || record.at < kept.at) stat.bucketSamples.set(minute, record);
    }
    serviceStat(services, record);
  };

  for (const event of events) for (const record of parser.push(event)) take(record);
  for (const record of parser.flush()) take(record);

  const { windows, note } = chooseSplit(defaults, firstAt);
  const boundary = minuteOf(windows.baselineEnd, defaults);
  const merged = new Map<string, PatternStat>();
  for (const stat of byKey.values()) {
    const templateId = miner.idOf(stat.handle);
    const key = `${stat.service}\u0000${stat.level}\u0000${templateId}`;
    const into = merged.get(key);
    if (!into) {
      merged.set(key, { ...stat, key, templateId, template: miner.templateOf(stat.handle) });
      continue;
    }
    for (const [m, n] of stat.minutes) into.minutes.set(m, (into.minutes.get(m) ?? 0) + n);
    for (const [m, r] of stat.bucketSamples) {
      const kept = into.bucketSamples.get(m);
      if (!kept || r.at < kept.at) into.bucketSamples.set(m, r);
    }
    into.errorLike ||= stat.errorLike;
    if (strongest(stat.signals) > strongest(into.signals)) into.signals = stat.signals;
    for (const g of stat.logGroups) into.logGroups.add(g);
  }
  let baselineLines = 0;
  let incidentLines = 0;
  for (const p of merged.values()) {
    for (const [m, n] of p.minutes) {
      if (m < boundary) p.baselineCount += n;
      else p.incidentCount += n;
    }
    p.samples = [...p.bucketSamples.entries()]
      .filter(([m]) => m >= boundary)
      .map(([, r]) => r)
      .sort((a, b) => a.at - b.at)
      .slice(0, SAMPLES_PER_PATTERN);
    p.firstIncidentAt = p.samples[0]?.at ?? Number.POSITIVE_INFINITY;
    baselineLines += p.baselineCount;
    incidentLines += p.incidentCount;
  }
  changes.sort((a, b) => a.at - b.at);
  return {
    windows,
    windowNote: note,
    patterns: [...merged.values()],
    services,
    changes,
    linesScanned,
    linesUnparsed,
    outsideWindow,
    baselineLines,
    incidentLines,
    logGroups,
    firstAt,
    lastAt,
  };
}

/** The default split, or the midpoint of the pre-alarm data when nothing precedes the incident window. */
function chooseSplit(defaults: Windows, firstAt: number): { windows: Windows; note: string | null } {
  if (!Number.isFinite(firstAt) || firstAt < defaults.baselineEnd) return { windows: defaults, note: null };
  const preAlarmMinutes = Math.floor((defaults.alarmAt - firstAt) / MINUTE);
  if (preAlarmMinutes < MIN_ADAPTIVE_SPAN_MINUTES) return { windows: defaults, note: null };
  const half = Math.ceil(preAlarmMinutes / 2);
  const windows = { ...defaults, baselineEnd: defaults.alarmAt - half * MINUTE };
  return {
    windows,
    note: `The logs start only ${preAlarmMinutes} min before the alarm, inside the default incident window: the earlier ${preAlarmMinutes - half} min serve as the baseline and the incident window opens ${half} min before the alarm.`,
  };
}

function minuteOf(at: number, w: Windows): number {
  return Math.floor((at - w.alarmAt) / MINUTE);
}

function newPattern(key: string, record: LogRecord, handle: number, signals: LineSignal[]): PatternStat {
  return {
    key,
    service: record.service,
    level: record.level,
    handle,
    template: '',
    templateId: '',
    baselineCount: 0,
    incidentCount: 0,
    firstIncidentAt: Number.POSITIVE_INFINITY,
    samples: [],
    minutes: new Map(),
    bucketSamples: new Map(),
    signals,
    errorLike: isErrorLike(record.level, record.message, signals),
    logGroups: new Set(),
  };
}

function strongest(signals: LineSignal[]): number {
  return signals.reduce((m, s) => Math.max(m, s.strength), 0);
}

function serviceStat(services: Map<string, ServiceStat>, record: LogRecord): void {
  const s = services.get(record.service);
  if (!s) {
    services.set(record.service, {
      service: record.service,
      logGroups: new Set([record.logGroup]),
      firstAt: record.at,
    });
    return;
  }
  s.logGroups.add(record.logGroup);
  s.firstAt = Math.min(s.firstAt, record.at);
}
