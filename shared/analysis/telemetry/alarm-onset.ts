import type { AlarmReason } from './alarm-reason.ts';
import { type MetricSeries, seriesLabel } from './metric-series.ts';
import { changePoint } from './robust-stats.ts';
import type { AlarmMetricRef, AlarmOnset, AlarmSeries } from './types.ts';

/** The change point must stand this many robust standard deviations clear of what came before. */
const ONSET_Z = 3;
/** At most this many of the latest points are searched (the split is quadratic). */
const MAX_ONSET_POINTS = 360;

function sameDimensions(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** The series of the alarm's own metric, preferring the stat the alarm evaluates. */
export function findAlarmSeries(
  series: readonly MetricSeries[],
  refs: readonly AlarmMetricRef[],
): MetricSeries | null {
  for (const ref of refs) {
    const matches = series.filter(
      (s) =>
        s.namespace === ref.namespace &&
        s.metricName === ref.metricName &&
        sameDimensions(s.dimensions, ref.dimensions),
    );
    const chosen = matches.find((s) => ref.stat !== undefined && s.stat === ref.stat) ?? matches[0];
    if (chosen) return chosen;
  }
  return null;
}

export interface AlarmAnalysis {
  onset: AlarmOnset | null;
  series: AlarmSeries | null;
}

/**
 * When the alarm's metric really left its baseline: the change point of its series up to the
 * alarm, in the direction the alarm watches. It is not later than the first breaching datapoint.
 */
export function analyzeAlarm(
  s: MetricSeries | null,
  reason: AlarmReason,
  thresholdOverride: number | undefined,
  from: number,
  alarmAt: number,
): AlarmAnalysis {
  if (!s) return { onset: null, series: null };
  const threshold = thresholdOverride ?? reason.threshold;
  const upToAlarm = s.points.filter((p) => p.at >= from && p.at <= alarmAt).slice(-MAX_ONSET_POINTS);
  const cp = changePoint(upToAlarm.map((p) => p.value));
  let onset: AlarmOnset | null = null;
  if (cp) {
    const up = cp.after > cp.before;
    const direction =
      reason.direction ?? (threshold !== null ? (threshold >= cp.before ? 'up' : 'down') : null);
    const agrees = direction === null || (direction === 'up') === up;
    const point = upToAlarm[cp.index];
    if (agrees && Math.abs(cp.z) >= ONSET_Z && point) {
      const firstBreach = reason.breaches[0];
      const at = firstBreach !== undefined && firstBreach < point.at ? Math.max(firstBreach, from) : point.at;
      onset = {
        at,
        seriesKey: s.key,
        baselineMedian: cp.before,
        incidentMedian: cp.after,
        shift: cp.after - cp.before,
        robustZ: Math.round(cp.z * 100) / 100,
      };
    }
  }
  return {
    onset,
    series: {
      seriesKey: s.key,
      label: `${s.namespace} ${seriesLabel(s)}`,
      ...(s.unit === undefined ? {} : { unit: s.unit }),
      points: s.points,
      threshold,
      onset: onset?.at ?? null,
    },
  };
}
