import type { FaultClass } from '../../domain/fault-class.ts';
import type { LogRecord } from '../../domain/log-event.ts';
import type { Collected, PatternStat } from '../collect/index.ts';
import { minuteOf, minuteStart } from '../collect/minutes.ts';
import { formatNumber } from '../telemetry/format.ts';
import { MAD_TO_SD, mad, median } from '../telemetry/robust-stats.ts';
import type { Windows } from '../window.ts';
import { calleeText } from './callee-names.ts';
import { mentionedServices } from './mentions.ts';

/**
 * What ordinary lines say when no error line does: a service that goes quiet (its routine lines
 * stop while the others' go on), and numbers inside routine lines that rise (durations, queue
 * depths, pool usage, retry counts). Every template is a series per service; its numbers are
 * series too, compared between the minutes before and after the split with robust statistics.
 */
export interface BehaviourShift {
  service: string;
  kind: 'quiet' | 'numeric-rise' | 'rate-shift' | 'lock-holder' | 'load-holder' | 'neighbour' | 'release';
  /** 0..1: how strongly this names the service as an origin. */
  score: number;
  onset: number | null;
  detail: string;
  /** The routine line that shows it (a sample whose number rose), when there is one. */
  record: LogRecord | null;
  /** Services whose lines report this service's fault (the sessions that waited on its lock, the database it loaded). */
  reportedBy?: readonly string[];
  /** The resource its fault reached the others through (the database a load holder spent). */
  via?: string;
  /** The class the shift itself shows (what a workload took from its node: its disk, its memory). */
  names?: FaultClass;
  /** A silence that came minutes after a change of the service's own (quietAfterOwnChange). */
  followsOwnChange?: true;
}

/** A service logging at least this many routine lines a minute can be seen to go quiet. */
const QUIET_MIN_BASELINE_RATE = 3;
/** Quiet: at most this share of its baseline rate, while the other services keep theirs. */
const QUIET_SHARE = 0.2;
const OTHERS_KEEP_SHARE = 0.5;
/** A routine line present in at least this share of the baseline's minutes is regular enough to be missed. */
const STOP_REGULAR_SHARE = 0.8;
/** A stopped line must stay stopped this many minutes, to the end of the data. */
const STOP_MIN_MINUTES = 2;
/** Below a silent service: one line stopping ranks a candidate, and wins when its callers name it. */
const STOPPED_LINE_SCORE = 0.5;
/** A number rises when its median grows this many times and beyond the baseline's spread. */
const NUMERIC_RATIO = 3;
const NUMERIC_MADS = 5;
const MIN_NUMERIC_MINUTES = 3;
/** A routine template shifts when its rate rises this many times, over at least this many lines. */
const RATE_SHIFT_RATIO = 5;
const RATE_SHIFT_MIN_LINES = 20;
/** Weak on purpose: a shift in routine lines ranks candidates, it never names an origin alone. */
const RATE_SHIFT_SCORE = 0.25;
/**
 * Measures, not ids: a number with a unit of time, size or share, or after a word that names a
 * measure (of a queue: its messages visible, in flight or unacknowledged, its oldest's age).
 */
const MEASURE =
  /\b(?:took|in|after|duration|latency|elapsed|time|age|lag|depth|size|queued?|pending|backlog|visible|in flight|inflight|unacked|unacknowledged|active|used|in use|busy|wait(?:ing|ed)?|retr(?:y|ies|ied)|attempts?|load)\b[=:\s]*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s?(?:ms|s|sec|secs|seconds|%|B|KB|KiB|MB|MiB|GB|GiB)\b/gi;

/** The shift of one of these kinds a service shows, if any (the first, strongest, of them). */
export function shiftOf(
  service: string,
  shifts: readonly BehaviourShift[],
  kinds: readonly BehaviourShift['kind'][],
): BehaviourShift | undefined {
  return shifts.find((s) => s.service === service && kinds.includes(s.kind));
}

/** Shifts strongest first, then by service name: the order every list of shifts is kept in. */
export function byScore(a: BehaviourShift, b: BehaviourShift): number {
  return b.score - a.score || (a.service < b.service ? -1 : 1);
}

export function findBehaviourShifts(
  collected: Collected,
  windows: Windows,
  failing: ReadonlySet<string> = new Set(),
): BehaviourShift[] {
  const boundary = minuteOf(windows.baselineEnd, windows);
  const lastMinute = Math.min(0, minuteOf(collected.lastAt, windows));
  const firstMinute = Math.max(
    minuteOf(windows.baselineStart, windows),
    minuteOf(collected.firstAt, windows),
  );
  if (!Number.isFinite(lastMinute) || !Number.isFinite(firstMinute) || lastMinute < boundary) return [];
  return [
    ...quietServices(collected.patterns, firstMinute, boundary, lastMinute, windows),
    ...stoppedLines(collected.patterns, firstMinute, boundary, lastMinute, windows, failing),
    ...risingNumbers(collected.patterns, windows),
    ...rateShifts(collected.patterns, firstMinute, boundary, lastMinute),
  ].sort(byScore);
}

/** Lines per minute of each service. */
function serviceMinutes(patterns: PatternStat[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const p of patterns) {
    let minutes = out.get(p.service);
    if (!minutes) {
      minutes = new Map();
      out.set(p.service, minutes);
    }
    for (const [minute, count] of p.minutes) minutes.set(minute, (minutes.get(minute) ?? 0) + count);
  }
  return out;
}

/**
 * The first minute from which a series stays at most QUIET_SHARE of its baseline rate to the end of
 * the data (not before the incident window's first minute); null when its last minute is not quiet.
 */
function quietToTheEnd(
  minutes: ReadonlyMap<number, number> | undefined,
  baseline: number,
  boundary: number,
  lastMinute: number,
): number | null {
  let quietFrom: number | null = null;
  for (let m = lastMinute; m >= boundary; m--) {
    if ((minutes?.get(m) ?? 0) > QUIET_SHARE * baseline) break;
    quietFrom = m;
  }
  return quietFrom;
}

/** Lines per minute over [from, to) minutes. */
function rate(minutes: ReadonlyMap<number, number> | undefined, from: number, to: number): number {
  let n = 0;
  if (minutes) for (const [minute, count] of minutes) if (minute >= from && minute < to) n += count;
  return n / Math.max(1, to - from);
}

function quietServices(
  patterns: PatternStat[],
  firstMinute: number,
  boundary: number,
  lastMinute: number,
  windows: Windows,
): BehaviourShift[] {
  if (boundary - firstMinute < 1) return [];
  const perService = serviceMinutes(patterns);
  const before = new Map([...perService].map(([s, m]) => [s, rate(m, firstMinute, boundary)]));
  const out: BehaviourShift[] = [];
  for (const [service, baseline] of before) {
    if (baseline < QUIET_MIN_BASELINE_RATE) continue;
    const minutes = perService.get(service);
    const quietFrom = quietToTheEnd(minutes, baseline, boundary, lastMinute);
    if (quietFrom === null || lastMinute - quietFrom < 1) continue;
    const others = [...before.keys()].filter((s) => s !== service);
    const othersBefore = others.reduce((n, s) => n + (before.get(s) ?? 0), 0);
    const othersAfter = others.reduce((n, s) => n + rate(perService.get(s), quietFrom, lastMinute + 1), 0);
    if (others.length > 0 && othersAfter < OTHERS_KEEP_SHARE * othersBefore) continue;
    const nowRate = rate(minutes, quietFrom, lastMinute + 1);
    out.push({
      service,
      kind: 'quiet',
      score: 0.6,
      onset: minuteStart(quietFrom, windows),
      detail: `${service} went quiet: ${nowRate.toFixed(1)} lines a minute from ${new Date(minuteStart(quietFrom, windows)).toISOString()} against ${baseline.toFixed(1)} before, while the other services kept logging`,
      record: null,
    });
  }
  return out;
}

/**
 * A service that keeps logging but whose regular routine line stops (a loop that hangs while its
 * keep-alive and its stats go on): its lines in nearly every minute before, none (or almost) from
 * a minute to the end of the data, while the service's other lines and the other services keep
 * their rates. Only of services with no new failure lines: a service failing in its own words says
 * more than the success line its failures replace; and only of lines that name no other service.
 * The strongest per service.
 */
function stoppedLines(
  patterns: PatternStat[],
  firstMinute: number,
  boundary: number,
  lastMinute: number,
  windows: Windows,
  failing: ReadonlySet<string>,
): BehaviourShift[] {
  const baselineMinutes = boundary - firstMinute;
  if (baselineMinutes < 3) return [];
  const perService = serviceMinutes(patterns);
  const out = new Map<string, BehaviourShift & { baseline: number }>();
  for (const p of patterns) {
    if (p.errorLike || failing.has(p.service)) continue;
    const baseline = rate(p.minutes, firstMinute, boundary);
    if (baseline < QUIET_MIN_BASELINE_RATE) continue;
    let present = 0;
    for (let m = firstMinute; m < boundary; m++) if ((p.minutes.get(m) ?? 0) > 0) present++;
    if (present < STOP_REGULAR_SHARE * baselineMinutes) continue;
    const from = quietToTheEnd(p.minutes, baseline, boundary, lastMinute);
    if (from === null || lastMinute - from + 1 < STOP_MIN_MINUTES) continue;
    const now = rate(p.minutes, from, lastMinute + 1);
    const service = perService.get(p.service);
    const restBefore = rate(service, firstMinute, boundary) - baseline;
    const restAfter = rate(service, from, lastMinute + 1) - now;
    if (restBefore <= 0 || restAfter < OTHERS_KEEP_SHARE * restBefore) continue;
    const othersKeep = [...perService].every(
      ([name, minutes]) =>
        name === p.service ||
        rate(minutes, from, lastMinute + 1) >= OTHERS_KEEP_SHARE * rate(minutes, firstMinute, boundary),
    );
    if (!othersKeep) continue;
    const kept = out.get(p.service);
    if (kept && kept.baseline >= baseline) continue;
    const last = [...p.bucketSamples].filter(([m]) => m < from).sort((a, b) => b[0] - a[0])[0]?.[1];
    // A line about another service (a database's "connection authorized … application_name=api")
    // stops when that service's traffic does: it is not this service hanging.
    const about = last ?? p.samples[0];
    if (
      about &&
      mentionedServices(`${about.message} ${calleeText(about)}`, perService.keys(), p.service).length > 0
    )
      continue;
    out.set(p.service, {
      service: p.service,
      kind: 'quiet',
      score: STOPPED_LINE_SCORE,
      onset: minuteStart(from, windows),
      detail: `${p.service}'s routine line "${p.template.slice(0, 120)}" stopped: ${now.toFixed(1)} a minute from ${new Date(minuteStart(from, windows)).toISOString()} against ${baseline.toFixed(1)} before, while its other lines went on`,
      record: about ?? null,
      baseline,
    });
  }
  return [...out.values()].map(({ baseline: _baseline, ...shift }) => shift);
}

/**
 * Per routine template, each number at the same place in its lines, one value a minute (the
 * minute's earliest line): the split of that series with the largest robust rise (median after
 * over median before, beyond the spread before) is a rise when it is large.
 */
function risingNumbers(patterns: PatternStat[], windows: Windows): BehaviourShift[] {
  const best = new Map<string, BehaviourShift>();
  const traffic = groupMinutes(patterns);
  for (const p of patterns) {
    if (p.errorLike || p.bucketSamples.size < 2 * MIN_NUMERIC_MINUTES) continue;
    const points: { values: number[]; amounts: boolean[]; record: LogRecord; minute: number }[] = [];
    for (const [minute, record] of p.bucketSamples) {
      const read = [
        ...measures(record.message),
        ...measures(pairText(record.message)),
        ...measures(fieldText(record.fields)),
      ];
      if (read.length > 0)
        points.push({ values: read.map((m) => m.value), amounts: read.map((m) => m.amount), record, minute });
    }
    points.sort((a, b) => a.minute - b.minute);
    const width = points[0]?.values.length ?? 0;
    if (points.length < 2 * MIN_NUMERIC_MINUTES || points.some((v) => v.values.length !== width)) continue;
    for (let j = 0; j < width; j++) {
      const series = points.map((pt) => pt.values[j] as number);
      const rise = largestRise(series);
      if (!rise) continue;
      const first = points[rise.at];
      if (!first) continue;
      if (
        loadDriven(
          p,
          traffic,
          points[0]?.minute ?? first.minute,
          first.minute,
          points[points.length - 1]?.minute ?? first.minute,
          rise.ratio,
          points[0]?.amounts[j] ?? false,
        )
      )
        continue;
      const score = Math.min(0.55, 0.3 + 0.05 * Math.log2(Math.min(rise.ratio, 1024)));
      const shift: BehaviourShift = {
        service: p.service,
        kind: 'numeric-rise',
        score,
        onset: minuteStart(first.minute, windows),
        detail: `a number in "${p.template.slice(0, 120)}" rose from a median of ${formatNumber(rise.before)} to ${formatNumber(rise.after)}`,
        record: first.record,
      };
      const kept = best.get(p.service);
      if (!kept || kept.score < shift.score) best.set(p.service, shift);
    }
  }
  return [...best.values()];
}

/**
 * All lines per minute of each log group: the work its emitter did, whatever names its lines give.
 */
function groupMinutes(patterns: readonly PatternStat[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const p of patterns)
    for (const group of p.logGroups) {
      const minutes = out.get(group) ?? new Map<number, number>();
      for (const [m, n] of p.minutes) minutes.set(m, (minutes.get(m) ?? 0) + n);
      out.set(group, minutes);
    }
  return out;
}

/** A number that rose no more than this many times faster than its emitter's work rose is load. */
const LOAD_SHARE = 0.5;

/**
 * Whether the work of the log group writing the pattern rose with the number (a batch job's run
 * time with its batch, a handler's duration with the items each call carries): more work, not a
 * fault. The group's lines per minute from `split` to `to` against those from `from`. A number
 * that is itself an amount of work each line carries (a batch's size) is load whenever the lines
 * rose as much as a number must to rise: the work is both together.
 */
function loadDriven(
  p: PatternStat,
  traffic: ReadonlyMap<string, ReadonlyMap<number, number>>,
  from: number,
  split: number,
  to: number,
  ratio: number,
  amount: boolean,
): boolean {
  if (split <= from || to < split) return false;
  const bar = amount ? Math.min(NUMERIC_RATIO, LOAD_SHARE * ratio) : LOAD_SHARE * ratio;
  return [...p.logGroups].some((group) => {
    const minutes = traffic.get(group);
    if (!minutes) return false;
    const before = rate(minutes, from, split);
    const after = rate(minutes, split, to + 1);
    return before > 0 && after / before >= bar;
  });
}

/** The split of a series (at least MIN_NUMERIC_MINUTES each side) with the largest robust rise. */
function largestRise(series: number[]): { at: number; before: number; after: number; ratio: number } | null {
  let found: { at: number; before: number; after: number; ratio: number } | null = null;
  for (let k = MIN_NUMERIC_MINUTES; k <= series.length - MIN_NUMERIC_MINUTES; k++) {
    const left = series.slice(0, k);
    const before = median(left);
    const after = median(series.slice(k));
    const spread = MAD_TO_SD * mad(left, before);
    if (after < NUMERIC_RATIO * Math.max(before, 1e-9) || after - before < NUMERIC_MADS * spread) continue;
    const ratio = before > 0 ? after / before : 1024;
    if (!found || ratio > found.ratio) found = { at: k, before, after, ratio };
  }
  return found;
}

/**
 * Routine templates whose rate rose sharply (retries, fallbacks, cache misses logged at INFO): the
 * strongest per service. The rate is per minute of the data each window holds.
 */
function rateShifts(
  patterns: PatternStat[],
  firstMinute: number,
  boundary: number,
  lastMinute: number,
): BehaviourShift[] {
  const baselineMinutes = boundary - firstMinute;
  if (baselineMinutes < 1) return [];
  const incidentMinutes = Math.max(1, lastMinute - boundary + 1);
  const best = new Map<string, BehaviourShift & { ratio: number }>();
  for (const p of patterns) {
    if (p.errorLike || p.incidentCount < RATE_SHIFT_MIN_LINES) continue;
    const before = rate(p.minutes, firstMinute, boundary);
    const after = p.incidentCount / incidentMinutes;
    const ratio = before > 0 ? after / before : Number.POSITIVE_INFINITY;
    if (ratio < RATE_SHIFT_RATIO) continue;
    const kept = best.get(p.service);
    if (kept && kept.ratio >= ratio) continue;
    best.set(p.service, {
      service: p.service,
      kind: 'rate-shift',
      score: RATE_SHIFT_SCORE,
      onset: Number.isFinite(p.firstIncidentAt) ? p.firstIncidentAt : null,
      detail: `the routine line "${p.template.slice(0, 120)}" came ${Number.isFinite(ratio) ? `${ratio.toFixed(0)} times as often` : 'for the first time'} (${after.toFixed(1)} a minute against ${before.toFixed(1)})`,
      record: p.samples[0] ?? null,
      ratio,
    });
  }
  return [...best.values()].map(({ ratio: _ratio, ...shift }) => shift);
}

/** Unit suffixes of a field's name, lower case, and the unit word MEASURE reads for each. */
const FIELD_UNITS = new Map<string, string>([
  ...['ms', 'millis', 'milliseconds'].map((u) => [u, 'ms'] as const),
  ...['s', 'sec', 'secs', 'seconds'].map((u) => [u, 's'] as const),
  ...['pct', 'percent'].map((u) => [u, '%'] as const),
  ...['kb', 'kib'].map((u) => [u, 'KB'] as const),
  ...['mb', 'mib'].map((u) => [u, 'MB'] as const),
  ...['gb', 'gib'].map((u) => [u, 'GB'] as const),
  ...['bytes'].map((u) => [u, 'B'] as const),
]);
/** A suffix after `_`, `-` or `.` in any case (`db_wait_ms`), or capitalised after a word (`latencyMs`, `cpuPct`). */
const SNAKE_SUFFIX = /^(.*[^_.-])[_.-]([A-Za-z]+)$/;
const CAMEL_SUFFIX = /^(.*[a-z0-9])([A-Z][A-Za-z]*)$/;

/** A field's name and its unit word, when its name ends in a unit: never the tail of a plain word (`items`, `docs`). */
function fieldUnit(key: string): { name: string; unit: string } {
  for (const form of [SNAKE_SUFFIX, CAMEL_SUFFIX]) {
    const m = form.exec(key);
    const unit = m ? FIELD_UNITS.get((m[2] as string).toLowerCase()) : undefined;
    if (m && unit) return { name: m[1] as string, unit };
  }
  return { name: key, unit: '' };
}

/**
 * The numeric fields of a structured line (logfmt pairs, a JSON object's top level) written as the
 * words MEASURE reads: `db_wait_ms=12` as "db wait 12ms", `pool_in_use=6` as "pool in use 6". A
 * structured logger puts its numbers there, not in the message.
 */
function fieldText(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && NUMERIC.test(value)
          ? Number(value)
          : NaN;
    if (!Number.isFinite(n) || key.length > 64) continue;
    const { name, unit } = fieldUnit(key);
    const words = name
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/[_.-]+/g, ' ')
      .trim();
    parts.push(`${words} ${n}${unit}`);
    if (parts.length >= MAX_NUMERIC_FIELDS) break;
  }
  return parts.join('; ');
}

const NUMERIC = /^-?\d+(?:\.\d+)?$/;
/** A `key=value` pair inside a message whose key is a compound name (`oldest_age_s=332`, `inFlight=9`). */
const COMPOUND_PAIR = /\b([A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+|[A-Z][a-z0-9]+)+)=(-?\d+(?:\.\d+)?)\b/g;

/**
 * The compound-named pairs a message prints (`visible=25 in_flight=197 oldest_age_s=332`), written
 * as fieldText writes fields, so that their names read as words: a plain-text line's structured part.
 */
function pairText(message: string): string {
  const pairs: Record<string, unknown> = {};
  for (const m of message.slice(0, 2000).matchAll(COMPOUND_PAIR)) pairs[m[1] as string] = m[2];
  return fieldText(pairs);
}
/** Numeric fields read from one line at most (a wide object of counters). */
const MAX_NUMERIC_FIELDS = 24;

/** A measure's word that names an amount of work the line carries (`batch size=40`)... */
const AMOUNT_WORD = /^size\b/i;
/** ... unless it is the size of something that holds work waiting or resources (a queue's, a pool's). */
const HOLDER_BEFORE = /\b(?:queue|pool|heap|backlog|buffer|cache|inflight|in-flight)[\s_.-]*$/i;

/** The measures in a text, each with whether it is an amount of work. */
function measures(message: string): { value: number; amount: boolean }[] {
  const text = message.slice(0, 2000);
  const out: { value: number; amount: boolean }[] = [];
  for (const m of text.matchAll(MEASURE)) {
    const value = Number(m[1] ?? m[2]);
    if (!Number.isFinite(value)) continue;
    const amount =
      m[1] !== undefined && AMOUNT_WORD.test(m[0]) && !HOLDER_BEFORE.test(text.slice(0, m.index));
    out.push({ value, amount });
  }
  return out;
}

/** A silence this soon after a change of the service's own is that change's doing. */
const QUIET_AFTER_CHANGE_MS = 15 * 60_000;
const QUIET_AFTER_CHANGE_SCORE = 0.8;

/**
 * A service that went quiet minutes after a change of its own (a release, its configuration: the
 * trigger that feeds it disabled) stopped because of it: its silence names it more strongly than
 * a silence alone does.
 */
export function quietAfterOwnChange(
  shifts: readonly BehaviourShift[],
  changes: readonly { service: string; at: number; kind: string }[],
): BehaviourShift[] {
  return shifts.map((shift) => {
    if (shift.kind !== 'quiet' || shift.onset === null) return shift;
    const onset = shift.onset;
    const change = changes
      .filter(
        (c) =>
          c.service === shift.service &&
          (c.kind === 'deploy' || c.kind === 'config' || c.kind === 'policy') &&
          c.at <= onset + 60_000 &&
          onset - c.at <= QUIET_AFTER_CHANGE_MS,
      )
      .sort((a, b) => b.at - a.at)[0];
    if (!change) return shift;
    return {
      ...shift,
      followsOwnChange: true,
      score: QUIET_AFTER_CHANGE_SCORE,
      detail: `${shift.detail}, ${Math.max(0, Math.round((onset - change.at) / 1000))} s after a ${change.kind} change of its own`,
    };
  });
}
