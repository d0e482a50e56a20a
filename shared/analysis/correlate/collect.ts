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
  lastIncidentAt: number;
  /** The earliest incident-window records of this pattern (a small bounded sample). */
  samples: LogRecord[];
  signals: LineSignal[];
  errorLike: boolean;
  logGroups: Set<string>;
}

export interface ServiceStat {
  service: string;
  logGroups: Set<string>;
  baselineLines: number;
  incidentLines: number;
  baselineErrors: number;
  incidentErrors: number;
  /** Every record's text lower-cased is not kept; only what the role inference needs. */
  firstAt: number;
}

export interface Collected {
  patterns: PatternStat[];
  services: Map<string, ServiceStat>;
  changes: ChangeEvent[];
  /** Every raw event message seen (for grounding checks), first line trimmed. */
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

/** The first physical line of a record as it stood in its event: what evidence quotes verbatim. */
export function quotableText(record: LogRecord): string {
  if (record.lineCount <= 1) return record.raw;
  const nl = record.raw.indexOf('\n');
  return nl === -1 ? record.raw : record.raw.slice(0, nl);
}

/**
 * One streaming pass over the events: parse, place each record in the baseline or the incident
 * window, mine its template, and count it per (service, level, template). Nothing else is kept of
 * a record but a few samples per pattern, so memory follows the number of patterns, not of lines.
 */
export function collect(events: Iterable<LogEvent>, windows: Windows): Collected {
  const parser = createRecordParser();
  const miner = new TemplateMiner();
  const byKey = new Map<string, PatternStat>();
  const signalsByHandle = new Map<number, LineSignal[]>();
  const services = new Map<string, ServiceStat>();
  const changes: ChangeEvent[] = [];
  const out: Collected = {
    patterns: [],
    services,
    changes,
    linesScanned: 0,
    linesUnparsed: 0,
    outsideWindow: 0,
    baselineLines: 0,
    incidentLines: 0,
    logGroups: new Set(),
    firstAt: Number.POSITIVE_INFINITY,
    lastAt: Number.NEGATIVE_INFINITY,
  };

  const take = (record: LogRecord) => {
    out.linesScanned += record.lineCount;
    if (!record.parsed) out.linesUnparsed += record.lineCount;
    const where = windowOf(record.at, windows);
    if (where === 'outside') {
      out.outsideWindow += record.lineCount;
      return;
    }
    out.logGroups.add(record.logGroup);
    out.firstAt = Math.min(out.firstAt, record.at);
    out.lastAt = Math.max(out.lastAt, record.at);
    const change = detectChange(record);
    if (change) changes.push(change);

    const handle = miner.add(record.message, where);
    let signals = signalsByHandle.get(handle);
    if (!signals) {
      signals = lineSignals(record.message);
      signalsByHandle.set(handle, signals);
    }
    const errorLike = isErrorLike(record.level, record.message, signals);
    const key = `${record.service}\u0000${record.level}\u0000${handle}`;
    let stat = byKey.get(key);
    if (!stat) {
      stat = {
        key,
        service: record.service,
        level: record.level,
        handle,
        template: '',
        templateId: '',
        baselineCount: 0,
        incidentCount: 0,
        firstIncidentAt: Number.POSITIVE_INFINITY,
        lastIncidentAt: Number.NEGATIVE_INFINITY,
        samples: [],
        signals,
        errorLike,
        logGroups: new Set(),
      };
      byKey.set(key, stat);
    }
    stat.logGroups.add(record.logGroup);
    const service = serviceStat(services, record);
    if (where === 'baseline') {
      out.baselineLines++;
      stat.baselineCount++;
      service.baselineLines++;
      if (errorLike) service.baselineErrors++;
      return;
    }
    out.incidentLines++;
    stat.incidentCount++;
    service.incidentLines++;
    if (errorLike) service.incidentErrors++;
    stat.firstIncidentAt = Math.min(stat.firstIncidentAt, record.at);
    stat.lastIncidentAt = Math.max(stat.lastIncidentAt, record.at);
    keepEarliest(stat.samples, record);
  };

  for (const event of events) for (const record of parser.push(event)) take(record);
  for (const record of parser.flush()) take(record);

  // Patterns keyed by miner handle merge once the handles resolve to their final templates.
  const merged = new Map<string, PatternStat>();
  for (const stat of byKey.values()) {
    const templateId = miner.idOf(stat.handle);
    const key = `${stat.service}\u0000${stat.level}\u0000${templateId}`;
    const into = merged.get(key);
    if (!into) {
      merged.set(key, { ...stat, key, templateId, template: miner.templateOf(stat.handle) });
      continue;
    }
    into.baselineCount += stat.baselineCount;
    into.incidentCount += stat.incidentCount;
    into.firstIncidentAt = Math.min(into.firstIncidentAt, stat.firstIncidentAt);
    into.lastIncidentAt = Math.max(into.lastIncidentAt, stat.lastIncidentAt);
    for (const s of stat.samples) keepEarliest(into.samples, s);
    into.errorLike ||= stat.errorLike;
    if (strongest(stat.signals) > strongest(into.signals)) into.signals = stat.signals;
    for (const g of stat.logGroups) into.logGroups.add(g);
  }
  out.patterns = [...merged.values()];
  changes.sort((a, b) => a.at - b.at);
  return out;
}

function strongest(signals: LineSignal[]): number {
  return signals.reduce((m, s) => Math.max(m, s.strength), 0);
}

function keepEarliest(samples: LogRecord[], record: LogRecord): void {
  if (samples.length < SAMPLES_PER_PATTERN) {
    samples.push(record);
    samples.sort((a, b) => a.at - b.at);
    return;
  }
  const last = samples[samples.length - 1] as LogRecord;
  if (record.at >= last.at) return;
  samples[samples.length - 1] = record;
  samples.sort((a, b) => a.at - b.at);
}

function serviceStat(services: Map<string, ServiceStat>, record: LogRecord): ServiceStat {
  let s = services.get(record.service);
  if (!s) {
    s = {
      service: record.service,
      logGroups: new Set(),
      baselineLines: 0,
      incidentLines: 0,
      baselineErrors: 0,
      incidentErrors: 0,
      firstAt: record.at,
    };
    services.set(record.service, s);
  }
  s.logGroups.add(record.logGroup);
  s.firstAt = Math.min(s.firstAt, record.at);
  return s;
}
