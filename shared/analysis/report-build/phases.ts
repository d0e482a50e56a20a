import type { LogRecord } from '../../domain/log-event.ts';
import type { Impact, Phase } from '../../domain/report-visuals.ts';
import type { Anomaly } from '../correlate/anomalies.ts';
import type { Findings } from '../correlate/findings.ts';
import { countsOf, type MinuteCounts, minuteStart } from './error-series.ts';

/** Clean minutes after the last failure, with lines still logged, before the incident counts as recovered. */
const RECOVERY_MINUTES = 2;

/** Wording of a server that no longer serves at all (as opposed to serving slowly or with errors). */
const UNAVAILABLE =
  /\b(?:service unavailable|no healthy upstream|no available server|no server is available|upstream connect error)\b/i;

const sampleOf = (a: Anomaly): LogRecord | undefined => a.pattern.samples[0];

/** A pattern whose lines are failed requests or errors a user would see. */
function failing(a: Anomaly): boolean {
  const status = sampleOf(a)?.statusCode;
  if (status !== undefined) return status >= 500;
  return a.pattern.level === 'ERROR' || a.pattern.level === 'FATAL';
}

/** A pattern saying nothing serves: status 503 or its wording. */
function unavailable(a: Anomaly): boolean {
  const sample = sampleOf(a);
  if (!sample) return false;
  if (sample.statusCode !== undefined) return sample.statusCode === 503;
  return failing(a) && UNAVAILABLE.test(sample.message);
}

export interface IncidentPhases {
  phases: Phase[];
  impact: Impact;
}

const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

function minutesText(seconds: number): string {
  const m = Math.max(1, Math.round(seconds / 60));
  return `${m} min`;
}

function firstAt(list: readonly Anomaly[]): number | null {
  return list.length === 0 ? null : Math.min(...list.map((a) => a.pattern.firstIncidentAt));
}

/**
 * The counts of the minutes a phase [from, to) owns (to null: to the end of the data). A minute in
 * which a phase begins is that phase's, so two phases that meet inside a minute never both count it.
 */
function sumBetween(c: MinuteCounts, f: Findings, from: number, to: number | null): number {
  let n = 0;
  c.values.forEach((v, i) => {
    const at = minuteStart(f, c.startMinute + i);
    const holds = (t: number) => at <= t && t < at + 60_000;
    const within = at >= from && (to === null || (at < to && !holds(to)));
    if (holds(from) || within) n += v;
  });
  return n;
}

/** The last minute holding a count, as its end time; null when none. */
function lastEnd(c: MinuteCounts, f: Findings): number | null {
  for (let i = c.values.length - 1; i >= 0; i--)
    if ((c.values[i] ?? 0) > 0) return minuteStart(f, c.startMinute + i + 1);
  return null;
}

/**
 * The incident's phases from the per-minute series of the affected services: the first signal
 * (patient zero), degraded (failing requests or errors), down (nothing serves: 503s), recovered
 * (no failure for a few minutes while lines still come). Counts and durations come from the same
 * series, so the summary, the timeline and the pictures agree.
 */
export function incidentPhases(f: Findings): IncidentPhases | null {
  if (!f.root || !f.patientZero) return null;
  const all = f.affected.flatMap((a) => f.suspects.get(a.service)?.anomalies ?? []);
  const failingLines = all.filter(failing);
  // Where requests are logged with their status, failed requests are what users saw; else error lines.
  const requests = failingLines.filter((a) => sampleOf(a)?.statusCode !== undefined);
  const fails = requests.length > 0 ? requests : failingLines;
  const downs = fails.filter(unavailable);
  const failCounts = countsOf(f, fails);
  const downCounts = countsOf(f, downs);
  const dataEnd = Math.min(
    f.windows.incidentEnd,
    Number.isFinite(f.collected.lastAt) ? f.collected.lastAt : f.windows.incidentEnd,
  );
  const degradedAt = firstAt(fails);
  const downAt = firstAt(downs);
  const failEnd = lastEnd(failCounts, f);
  const recoveredAt = failEnd !== null && dataEnd - failEnd >= RECOVERY_MINUTES * 60_000 ? failEnd : null;
  const downEnd =
    downAt === null
      ? null
      : (() => {
          const end = lastEnd(downCounts, f);
          return end !== null && dataEnd - end >= RECOVERY_MINUTES * 60_000 ? end : null;
        })();

  const pz = f.patientZero;
  const phases: Phase[] = [];
  const seconds = (from: number, to: number | null) =>
    Math.max(0, Math.round(((to ?? dataEnd) - from) / 1000));
  const iso = (ms: number) => new Date(ms).toISOString();
  const firstEnd = degradedAt ?? recoveredAt;
  phases.push({
    kind: 'first-signal',
    start: iso(pz.at),
    end: firstEnd === null ? null : iso(firstEnd),
    durationSeconds: firstEnd === null ? null : seconds(pz.at, firstEnd),
    failures: 0,
    summary: `${pz.service} shows the first new anomalous line`,
    service: pz.service,
  });
  const counted: Impact['counted'] = requests.length > 0 ? 'requests' : 'error lines';
  const what = (n: number) =>
    counted === 'requests' ? `failed request${n === 1 ? '' : 's'}` : `error line${n === 1 ? '' : 's'}`;
  if (degradedAt !== null) {
    const end = downAt ?? recoveredAt;
    phases.push({
      kind: 'degraded',
      start: iso(degradedAt),
      end: end === null ? null : iso(end),
      durationSeconds: end === null ? null : seconds(degradedAt, end),
      failures: sumBetween(failCounts, f, degradedAt, end),
      ...serviceOf(fails),
      summary: `${subject(fails)} ${verb(fails, 'return')} ${statusesOf(fails.filter((a) => !downs.includes(a))) || 'errors'}`,
    });
  }
  if (downAt !== null) {
    const end = downEnd ?? recoveredAt;
    phases.push({
      kind: 'down',
      start: iso(downAt),
      end: end === null ? null : iso(end),
      durationSeconds: end === null ? null : seconds(downAt, end),
      failures: sumBetween(failCounts, f, downAt, end),
      ...serviceOf(downs),
      summary: `${subject(downs)} ${verb(downs, 'answer')} ${statusesOf(downs) || 'unavailable'}: nothing serves`,
    });
  }
  if (recoveredAt !== null) {
    phases.push({
      kind: 'recovered',
      start: iso(recoveredAt),
      end: null,
      durationSeconds: null,
      failures: 0,
      summary: `no failure for ${minutesText(seconds(recoveredAt, dataEnd))} while lines still come`,
      ...serviceOf(fails),
    });
  }

  const total = fails.reduce((n, a) => n + a.pattern.incidentCount, 0);
  const degradedSeconds = degradedAt === null ? null : seconds(degradedAt, recoveredAt);
  const downSeconds = downAt === null ? null : seconds(downAt, downEnd ?? recoveredAt);
  const parts: string[] = [];
  if (degradedAt === null)
    parts.push(`No failing request or error line yet; the first signal came at ${clock(pz.at)}`);
  else {
    const still =
      recoveredAt === null
        ? `, still failing when the logs end at ${clock(dataEnd)}`
        : `, recovered at ${clock(recoveredAt)}`;
    parts.push(
      `Failing for ${recoveredAt === null ? 'at least ' : ''}${minutesText(degradedSeconds ?? 0)} from ${clock(degradedAt)}${still}`,
    );
    if (downAt !== null)
      parts.push(
        `down (${statusesOf(downs) || 'unavailable'}) for ${downEnd === null && recoveredAt === null ? 'at least ' : ''}${minutesText(downSeconds ?? 0)} from ${clock(downAt)}`,
      );
    const breakdown = statusBreakdown(fails);
    parts.push(`${total} ${what(total)}${breakdown ? ` (${breakdown})` : ''} at ${subject(fails)}`);
  }
  return {
    phases,
    impact: { text: `${parts.join('; ')}.`, degradedSeconds, downSeconds, failedRequests: total, counted },
  };
}

function serviceOf(list: readonly Anomaly[]): { service?: string } {
  const first = servicesOf(list)[0];
  return first ? { service: first } : {};
}

function subject(list: readonly Anomaly[]): string {
  const names = servicesOf(list);
  return names.length <= 1
    ? (names[0] ?? 'the services')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `returns` for one service, `return` for several. */
function verb(list: readonly Anomaly[], base: string): string {
  return servicesOf(list).length === 1 ? `${base}s` : base;
}

function servicesOf(list: readonly Anomaly[]): string[] {
  return [...new Set(list.map((a) => a.pattern.service))];
}

function statusCounts(list: readonly Anomaly[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const a of list) {
    const s = sampleOf(a)?.statusCode;
    if (s !== undefined) counts.set(s, (counts.get(s) ?? 0) + a.pattern.incidentCount);
  }
  return counts;
}

/** `503s`, `500s and 504s`. */
function statusesOf(list: readonly Anomaly[]): string {
  const codes = [...statusCounts(list).keys()].sort();
  if (codes.length === 0) return '';
  const named = codes.map((c) => `${c}s`);
  return named.length === 1
    ? (named[0] as string)
    : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
}

/** `210 × 504, 180 × 503`, largest first. */
function statusBreakdown(list: readonly Anomaly[]): string {
  const counts = [...statusCounts(list)].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return counts.length < 2 ? '' : counts.map(([s, n]) => `${n} × ${s}`).join(', ');
}
