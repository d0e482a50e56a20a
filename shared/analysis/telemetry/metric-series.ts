import { type MetricDatapoint, metricSeriesKey } from '../../domain/telemetry.ts';
import type { SeriesPoint } from './types.ts';

/** One metric series: its identity and its points in time order, one per timestamp. */
export interface MetricSeries {
  key: string;
  namespace: string;
  metricName: string;
  stat: string;
  unit?: string;
  period: number;
  dimensions: Record<string, string>;
  points: SeriesPoint[];
}

export interface SeriesBuild {
  series: MetricSeries[];
  datapoints: number;
  used: number;
  /** Points whose value or time was not a finite number. */
  invalid: number;
  /** Points repeating a timestamp already seen in their series (the first kept). */
  duplicates: number;
  /** Points outside the analysis span. */
  outside: number;
  /** Datapoints beyond the cap, not read. */
  capped: number;
}

export const MAX_DATAPOINTS = 200_000;

/**
 * Groups datapoints into series, in time order whatever the input order, dropping what cannot be
 * used (non-finite values, repeated timestamps, points outside [from, to]) and counting it.
 */
export function buildSeries(
  datapoints: readonly MetricDatapoint[],
  from: number,
  to: number,
  cap = MAX_DATAPOINTS,
): SeriesBuild {
  const byKey = new Map<string, MetricSeries>();
  const out: SeriesBuild = {
    series: [],
    datapoints: datapoints.length,
    used: 0,
    invalid: 0,
    duplicates: 0,
    outside: 0,
    capped: 0,
  };
  // The canonical key sorts the dimensions; the points of one series usually list them alike, so
  // a key in their own order finds it without sorting again.
  const canonical = new Map<string, string>();
  const n = Math.min(datapoints.length, cap);
  let prev: MetricDatapoint | null = null;
  let prevSeries: MetricSeries | undefined;
  out.capped = datapoints.length - n;
  for (let i = 0; i < n; i++) {
    const d = datapoints[i] as MetricDatapoint;
    if (!Number.isFinite(d.value) || !Number.isFinite(d.timestamp)) {
      out.invalid++;
      continue;
    }
    if (d.timestamp < from || d.timestamp > to) {
      out.outside++;
      continue;
    }
    // Datapoints come in runs of one series (GetMetricData returns them so): the previous one's
    // series is checked first, without building a key.
    let series = prev !== null && sameIdentity(prev, d) ? prevSeries : undefined;
    if (!series) {
      let fast = `${d.namespace}\u0000${d.metricName}\u0000${d.stat}`;
      for (const k in d.dimensions) fast += `\u0000${k}\u0001${d.dimensions[k]}`;
      let key = canonical.get(fast);
      if (key === undefined) {
        key = metricSeriesKey(d);
        canonical.set(fast, key);
      }
      series = byKey.get(key);
      if (!series) {
        series = {
          key,
          namespace: d.namespace,
          metricName: d.metricName,
          stat: d.stat,
          ...(d.unit === undefined ? {} : { unit: d.unit }),
          period: d.period,
          dimensions: d.dimensions,
          points: [],
        };
        byKey.set(key, series);
      }
    }
    prev = d;
    prevSeries = series;
    series.points.push({ at: d.timestamp, value: d.value });
  }
  for (const s of byKey.values()) {
    // A stable sort keeps the first of repeated timestamps first; the repeats are dropped.
    s.points.sort((a, b) => a.at - b.at);
    let w = 0;
    for (let r = 0; r < s.points.length; r++) {
      const p = s.points[r] as SeriesPoint;
      if (w > 0 && (s.points[w - 1] as SeriesPoint).at === p.at) {
        out.duplicates++;
        continue;
      }
      s.points[w++] = p;
    }
    s.points.length = w;
    out.used += w;
  }
  out.series = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

function sameIdentity(a: MetricDatapoint, b: MetricDatapoint): boolean {
  if (a.namespace !== b.namespace || a.metricName !== b.metricName || a.stat !== b.stat) return false;
  if (a.dimensions === b.dimensions) return true;
  let n = 0;
  for (const k in a.dimensions) {
    if (a.dimensions[k] !== b.dimensions[k]) return false;
    n++;
  }
  for (const _ in b.dimensions) n--;
  return n === 0;
}

/** "pod_cpu_utilization (Average)" */
export function seriesLabel(s: Pick<MetricSeries, 'metricName' | 'stat'>): string {
  return `${s.metricName} (${s.stat})`;
}
