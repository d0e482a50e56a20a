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
  const seen = new Map<string, Set<number>>();
  const out: SeriesBuild = {
    series: [],
    datapoints: datapoints.length,
    used: 0,
    invalid: 0,
    duplicates: 0,
    outside: 0,
    capped: 0,
  };
  const n = Math.min(datapoints.length, cap);
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
    const key = metricSeriesKey(d);
    let series = byKey.get(key);
    let times = seen.get(key);
    if (!series || !times) {
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
      times = new Set();
      byKey.set(key, series);
      seen.set(key, times);
    }
    if (times.has(d.timestamp)) {
      out.duplicates++;
      continue;
    }
    times.add(d.timestamp);
    series.points.push({ at: d.timestamp, value: d.value });
    out.used++;
  }
  for (const s of byKey.values()) s.points.sort((a, b) => a.at - b.at);
  out.series = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

/** "pod_cpu_utilization (Average)" */
export function seriesLabel(s: Pick<MetricSeries, 'metricName' | 'stat'>): string {
  return `${s.metricName} (${s.stat})`;
}
