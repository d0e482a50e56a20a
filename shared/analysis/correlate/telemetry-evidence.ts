import type { FaultClass } from '../../domain/fault-class.ts';
import {
  type AlarmExpressionRef,
  type AlarmMetricRef,
  LIMIT_REACHED,
  type MovedSeries,
  ORIGIN_MIN_SCORE,
  type TelemetryFindings,
} from '../telemetry/types.ts';
import type { Windows } from '../window.ts';
import type { Classification } from './classify.ts';
import { SEEN_ACROSS_A_CALL, SPECIFIC } from './signal-strength.ts';

export { ORIGIN_MIN_SCORE };

/** What the alarm says about its own metric: what the telemetry analysis anchors the onset on. */
export interface AlarmContext {
  metrics: AlarmMetricRef[];
  expressions: (string | AlarmExpressionRef)[];
  reason?: string;
  threshold?: number;
}

export const NO_ALARM_CONTEXT: AlarmContext = { metrics: [], expressions: [] };

/** A telemetry hint this strong names the class when the log lines name none, or only vaguely. */
const HINT_STRENGTH = 0.5;
/** A metric's onset is known to its datapoint's period: this late after the first anomaly is still "by then". */
const METRIC_STEP_MS = 120_000;

/** When a telemetry-only origin began: its own onset, else the alarm metric's, else the incident window's opening. */
export function telemetryOnsetOr(findings: TelemetryFindings | null, windows: Windows): number {
  return findings?.alarmOnset?.at ?? windows.baselineEnd;
}

/**
 * The class from what moved when the log lines name none, or only a vague one: CPU at its limit,
 * free storage at zero, self or network time rising on calls into the service. A specific log
 * signal keeps its class, unless it is what a caller sees across a call (a timeout, a refused
 * connection) and only the origin's callers said it, or the origin said it of services seen
 * healthy (`calleesHealthy`): the origin's own resource at its limit, reached by the time it was
 * seen, is what it suffered (a limit reached only later, a restarted process warming up, is a
 * consequence).
 */
export function withTelemetryHint(
  classification: Classification,
  service: string,
  findings: TelemetryFindings | null,
  calleesHealthy = false,
): Classification {
  const found = findings?.services.find((s) => s.service === service);
  const hint = found?.faultHint;
  if (!hint || hint.strength < HINT_STRENGTH || hint.faultClass === 'unknown') return classification;
  const vague = classification.faultClass === 'unknown' || classification.strength < SPECIFIC;
  const hearsay =
    SEEN_ACROSS_A_CALL.has(classification.faultClass) &&
    hint.strength >= SPECIFIC &&
    ownStrength(classification, service, calleesHealthy) < SPECIFIC &&
    (found?.onset ?? Number.POSITIVE_INFINITY) <= firstSeen(classification) + METRIC_STEP_MS;
  if (!(vague || hearsay) || classification.faultClass === hint.faultClass) return classification;
  const faultClass = hint.faultClass as FaultClass;
  return {
    ...classification,
    faultClass,
    strength: hint.strength,
    share: 1,
    basis: `${faultClass.replace(/_/g, ' ')} from what moved in ${service}'s metrics and traces${classification.faultClass === 'unknown' ? '' : vague ? ` (the log lines said only ${classification.faultClass.replace(/_/g, ' ')} vaguely)` : ` (the lines report ${classification.faultClass.replace(/_/g, ' ')}: what was seen of it across a call)`}`,
  };
}

/** When the lines that say the class began. */
function firstSeen(classification: Classification): number {
  return Math.min(...classification.evidence.map((a) => a.pattern.firstIncidentAt));
}

/**
 * How specifically the service's own lines say the class (0 when only others' lines say it). When
 * the services its lines name are seen healthy, what its lines say of them (a timeout waiting on
 * what it called) is no more its own than its callers' reports are.
 */
function ownStrength(classification: Classification, service: string, calleesHealthy: boolean): number {
  let strength = 0;
  for (const a of classification.evidence) {
    if (a.pattern.service !== service) continue;
    for (const s of a.pattern.signals)
      if (s.faultClass === classification.faultClass && (s.own || !calleesHealthy))
        strength = Math.max(strength, s.strength);
  }
  return strength;
}

/**
 * Why the telemetry of a service shows only more use, not a fault, when it does, while nothing
 * failed anywhere: a metric that rose short of any limit it is known to have (a scale-out's new
 * connections crossing a warning threshold), or one that rose to its limit and was back at its
 * baseline before the data ends (a scheduled job's load that came and went). Null when it may
 * show a fault.
 */
export function onlyUse(
  service: string,
  findings: TelemetryFindings | null,
  failing: boolean,
): string | null {
  const found = findings?.services.find((s) => s.service === service);
  if (failing || !found) return null;
  const moved = found.evidence[0]?.detail ?? `score ${found.score.toFixed(2)}`;
  if ((found.faultHint?.strength ?? 0) < LIMIT_REACHED)
    return `${service}'s telemetry moved (${moved}) short of any limit`;
  const back = backAtBaseline(found.series);
  return back === null
    ? null
    : `${service}'s telemetry moved (${moved}) and was back at its baseline by ${new Date(back).toISOString().slice(11, 16)} UTC`;
}

/**
 * A series is back when its last points are within this share of its excursion from the baseline
 * median, or within the range its points kept before it moved.
 */
const BACK_SHARE = 0.25;
/** ... for at least this many points in a row, up to the last. */
const BACK_POINTS = 3;

/**
 * When every series that moved was back near its baseline median and stayed there to its last
 * point, the latest of those returns (epoch ms); null when one has not come back.
 */
function backAtBaseline(series: readonly MovedSeries[]): number | null {
  if (series.length === 0) return null;
  let latest = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    const values = s.points.map((p) => p.value);
    const peak = s.direction === 'up' ? Math.max(...values) : Math.min(...values);
    const before = s.points.filter((p) => s.onset !== null && p.at < s.onset);
    const spread = Math.max(0, ...before.map((p) => Math.abs(p.value - s.baselineMedian)));
    const band = Math.max(BACK_SHARE * Math.abs(peak - s.baselineMedian), spread);
    let since = s.points.length;
    while (since > 0 && Math.abs((s.points[since - 1]?.value ?? Number.NaN) - s.baselineMedian) <= band)
      since--;
    const returned = s.points[since];
    if (s.points.length - since < BACK_POINTS || !returned) return null;
    latest = Math.max(latest, returned.at);
  }
  return latest;
}

/**
 * Whether the telemetry names this origin on its own: its score and the margin over the next
 * candidate. `failing` says whether anything failed at all (a new error line, failed traces).
 */
export function telemetryOrigin(
  service: string,
  findings: TelemetryFindings | null,
  margin: number,
  failing = true,
): { clear: boolean; why: string } {
  const found = findings?.services.find((s) => s.service === service);
  if (!found || found.score < ORIGIN_MIN_SCORE)
    return { clear: false, why: `the telemetry does not single out ${service}` };
  // A metric that moves within its healthy range names no fault: a telemetry-only origin needs a
  // limit reached, failures or slowed work of its own (a hint), however far the metric moved.
  if ((found.faultHint?.strength ?? 0) < HINT_STRENGTH)
    return {
      clear: false,
      why: `${service}'s telemetry moved (${found.evidence[0]?.detail ?? `score ${found.score.toFixed(2)}`}) but reached no limit and shows no failures`,
    };
  const use = onlyUse(service, findings, failing);
  if (use) return { clear: false, why: use };
  return {
    clear: margin > 0.05,
    why: `${service}'s metrics and traces moved first and most (score ${found.score.toFixed(2)}, margin ${margin.toFixed(2)}): ${found.evidence[0]?.detail ?? ''}`,
  };
}
