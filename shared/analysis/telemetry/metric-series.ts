import { type MetricDatapoint, metricSeriesKey } from '../../domain/telemetry.ts';
import type { SeriesPoint } from './types.ts';

/** A metric series' identity. */
export interface SeriesIdentity {
  key: string;
  namespace: string;
  metricName: string;
  stat: string;
  unit?: string;
  period: number;
  dimensions: Record<string, string>;
}

/**
 * One metric series: its identity and its points in time order, one per timestamp, held as two
 * columns; `points` are the same as objects, built on first use (only series shown need them).
 */
export interface MetricSeries extends SeriesIdentity {
  readonly at: readonly number[];
  readonly values: readonly number[];
  readonly points: SeriesPoint[];
}

class ColumnSeries implements MetricSeries {
  key: string;
  namespace: string;
  metricName: string;
  stat: string;
  unit?: string;
  period: number;
  dimensions: Record<string, string>;
  private objects: SeriesPoint[] | null = null;

  constructor(
    identity: SeriesIdentity,
    public at: number[],
    public values: number[],
  ) {
    this.key = identity.key;
    this.namespace = identity.namespace;
    this.metricName = identity.metricName;
    this.stat = identity.stat;
    if (identity.unit !== undefined) this.unit = identity.unit;
    this.period = identity.period;
    this.dimensions = identity.dimensions;
  }

  get points(): SeriesPoint[] {
    if (this.objects === null) {
      const out: SeriesPoint[] = new Array(this.at.length);
      for (let i = 0; i < out.length; i++)
        out[i] = { at: this.at[i] as number, value: this.values[i] as number };
      this.objects = out;
    }
    return this.objects;
  }
}

/** A series from points already in time order, one per timestamp. */
export function seriesFromPoints(identity: SeriesIdentity, points: readonly SeriesPoint[]): MetricSeries {
  return new ColumnSeries(
    identity,
    points.map((p) => p.at),
    points.map((p) => p.value),
  );
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
  const byKey = new Map<string, ColumnSeries>();
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
  let prevSeries: ColumnSeries | undefined;
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
        series = new ColumnSeries(
          {
            key,
            namespace: d.namespace,
            metricName: d.metricName,
            stat: d.stat,
            ...(d.unit === undefined ? {} : { unit: d.unit }),
            period: d.period,
            dimensions: d.dimensions,
          },
          [],
          [],
        );
        byKey.set(key, series);
      }
    }
    prev = d;
    prevSeries = series;
    series.at.push(d.timestamp);
    series.values.push(d.value);
  }
  for (const s of byKey.values()) {
    inTimeOrder(s);
    // The first of repeated timestamps is kept (the order above is stable).
    const { at, values } = s;
    let w = 0;
    for (let r = 0; r < at.length; r++) {
      const t = at[r] as number;
      if (w > 0 && at[w - 1] === t) {
        out.duplicates++;
        continue;
      }
      at[w] = t;
      values[w++] = values[r] as number;
    }
    at.length = w;
    values.length = w;
    out.used += w;
  }
  out.series = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

/** Sorts a series' columns by time, stably; datapoints usually come in order already. */
function inTimeOrder(s: ColumnSeries): void {
  const { at, values } = s;
  let sorted = true;
  for (let i = 1; i < at.length && sorted; i++) sorted = (at[i - 1] as number) <= (at[i] as number);
  if (sorted) return;
  const order = Array.from(at.keys()).sort((a, b) => (at[a] as number) - (at[b] as number));
  const t = order.map((i) => at[i] as number);
  const v = order.map((i) => values[i] as number);
  s.at = t;
  s.values = v;
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
