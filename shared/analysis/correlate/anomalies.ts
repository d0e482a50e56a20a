import type { Collected, PatternStat } from '../collect/index.ts';
import { levelWeight } from '../signals/classify-line.ts';
import type { Windows } from '../window.ts';
import { chanceOfExcess } from './rate-excess.ts';
import { serviceTraffic, trafficRatio } from './traffic.ts';

export interface Anomaly {
  pattern: PatternStat;
  /** Absent from the baseline (or no baseline to compare with). */
  isNew: boolean;
  /** Incident rate over baseline rate (per minute); Infinity when new. */
  ratio: number;
}

export interface AnomalyResult {
  anomalies: Anomaly[];
  /** Error-like patterns as frequent in the baseline as in the incident: noise, neither cause nor affected. */
  noise: PatternStat[];
  /** The part of `noise` whose per-minute rate spikes, but no faster than its service's routine traffic. */
  proportional: PatternStat[];
  hasBaseline: boolean;
  baselineMinutes: number;
  incidentMinutes: number;
}

/** A pattern spikes when its rate rises at least this many times over its baseline rate. */
export const SPIKE_RATIO = 3;

/** An exception a line names as what went wrong (`cause: java.lang.ArithmeticException`, `KeyError`). */
const THROWN = /\b(?:[a-z_]\w*\.)*[A-Z]\w*(?:Exception|Error)\b/;

/**
 * Failing work, not a meaningless warning: an error-severity line, a line with a fault signal, or
 * one that carries an exception (an operation that failed and was swallowed, logged as a warning).
 * A fault begins with the first of these; a change explains only what comes after.
 */
export function isFailingWork(a: Anomaly): boolean {
  if (levelWeight(a.pattern.level) >= levelWeight('ERROR') || a.pattern.signals.length > 0) return true;
  const first = a.pattern.samples[0];
  return first !== undefined && (first.exception !== undefined || THROWN.test(first.message.slice(0, 2000)));
}
const MIN_SPIKE_COUNT = 3;
/** A spike that the baseline's own rate would give by chance at least this often is noise. */
export const SPIKE_CHANCE = 0.01;

/**
 * New and spiking error-like patterns of the incident window against the baseline. Rates are per
 * minute of the time the data actually covers in each window, so a short baseline is not mistaken
 * for a quiet one. A spike must be more than the baseline's rate would give by chance (a few more
 * lines of a rare warning are not a spike). It must also hold per line of its service's routine traffic when that
 * traffic is seen in both windows: a warning that rises only as fast as the requests its service
 * serves (more load, or a baseline whose data has gaps) keeps its per-request rate, and is noise.
 */
export function findAnomalies(collected: Collected, windows: Windows): AnomalyResult {
  const minute = 60_000;
  const baselineFrom = Math.max(windows.baselineStart, collected.firstAt);
  const baselineMinutes = Math.max(0, (windows.baselineEnd - baselineFrom) / minute);
  const incidentTo = Math.min(windows.incidentEnd, Math.max(collected.lastAt, windows.alarmAt));
  const incidentMinutes = Math.max(1, (incidentTo - windows.baselineEnd) / minute);
  const hasBaseline = collected.baselineLines > 0 && baselineMinutes >= 1;
  const incidentShare = incidentMinutes / (incidentMinutes + baselineMinutes);
  const anomalies: Anomaly[] = [];
  const noise: PatternStat[] = [];
  const proportional: PatternStat[] = [];
  const traffic = serviceTraffic(collected.patterns);
  const statuses = statusFamilies(collected.patterns);
  const exceeds = (incident: number, baseline: number) =>
    incident / incidentMinutes / (baseline / baselineMinutes) >= SPIKE_RATIO &&
    incident >= MIN_SPIKE_COUNT &&
    chanceOfExcess(incident, baseline, incidentShare) < SPIKE_CHANCE;
  for (const pattern of collected.patterns) {
    if (!pattern.errorLike || pattern.incidentCount === 0) continue;
    if (!hasBaseline || pattern.baselineCount === 0) {
      // A request path not seen before, answered with a status its service already gave at that
      // rate: the status is what the access line says, the path only which request it was.
      const family = statuses.get(statusKey(pattern) ?? '');
      if (hasBaseline && family && family.baseline > 0 && !exceeds(family.incident, family.baseline)) {
        noise.push(pattern);
        continue;
      }
      anomalies.push({ pattern, isNew: true, ratio: Number.POSITIVE_INFINITY });
      continue;
    }
    const ratio = pattern.incidentCount / incidentMinutes / (pattern.baselineCount / baselineMinutes);
    if (!exceeds(pattern.incidentCount, pattern.baselineCount)) {
      noise.push(pattern);
      continue;
    }
    const perTraffic = trafficRatio(pattern, traffic.get(pattern.service));
    if (perTraffic === null || perTraffic >= SPIKE_RATIO) {
      anomalies.push({ pattern, isNew: false, ratio });
      continue;
    }
    noise.push(pattern);
    proportional.push(pattern);
  }
  anomalies.sort((a, b) => a.pattern.firstIncidentAt - b.pattern.firstIncidentAt);
  return { anomalies, noise, proportional, hasBaseline, baselineMinutes, incidentMinutes };
}

/** An access line's service and status: what its template says once the request path is set aside. */
function statusKey(p: PatternStat): string | null {
  const record = p.firstRecord ?? p.samples[0];
  return record?.style === 'access' && record.statusCode !== undefined
    ? `${p.service}\u0000${record.statusCode}`
    : null;
}

/** The lines of each service's access patterns of one status, in each window. */
function statusFamilies(
  patterns: readonly PatternStat[],
): Map<string, { baseline: number; incident: number }> {
  const out = new Map<string, { baseline: number; incident: number }>();
  for (const p of patterns) {
    const key = p.errorLike ? statusKey(p) : null;
    if (key === null) continue;
    const family = out.get(key) ?? { baseline: 0, incident: 0 };
    family.baseline += p.baselineCount;
    family.incident += p.incidentCount;
    out.set(key, family);
  }
  return out;
}
