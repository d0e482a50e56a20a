import type { Metric, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { EXPRESSION_NAMESPACE, type MetricDatapoint } from '../../domain/telemetry.ts';
import type { AlarmMetricQuery } from '../../ports/telemetry-source.ts';
import { atLeast } from './cloudwatch-metrics-period.ts';

/** GetMetricData takes at most 500 queries a call. */
export const QUERIES_PER_CALL = 500;

/** The identity every datapoint of one query's result carries. */
export type SeriesIdentity = Omit<MetricDatapoint, 'timestamp' | 'value'>;

/** One GetMetricData call's queries and the identity of each query id. */
export interface QueryBatch {
  label: string;
  queries: MetricDataQuery[];
  identities: Map<string, SeriesIdentity>;
}

const QUERY_ID = /^[a-z][a-zA-Z0-9_]{0,254}$/;

/**
 * The alarm's own queries in one call, ids kept (a metric-math expression names the other queries
 * by id), each returning data: the alarm's metric, or every metric and expression of a metric-math
 * alarm. `minPeriod` is the shortest period CloudWatch still holds for the window.
 */
export function alarmBatch(queries: readonly AlarmMetricQuery[], minPeriod: number): QueryBatch | null {
  const identities = new Map<string, SeriesIdentity>();
  const out: MetricDataQuery[] = [];
  queries.forEach((q, i) => {
    const id = q.id !== undefined && QUERY_ID.test(q.id) ? q.id : `alarm${i}`;
    if (q.metricStat) {
      const m = q.metricStat.metric;
      const period = atLeast(q.metricStat.period, minPeriod);
      const stat = q.metricStat.stat ?? 'Average';
      out.push({
        Id: id,
        MetricStat: {
          Metric: {
            Namespace: m.namespace,
            MetricName: m.name,
            Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })),
          },
          Period: period,
          Stat: stat,
        },
        ReturnData: true,
      });
      identities.set(id, {
        namespace: m.namespace,
        metricName: m.name,
        dimensions: { ...m.dimensions },
        stat,
        period,
        ...(q.metricStat.unit ? { unit: q.metricStat.unit } : {}),
      });
    } else if (q.expression) {
      const period = atLeast(undefined, minPeriod);
      out.push({ Id: id, Expression: q.expression, Period: period, ReturnData: true });
      identities.set(id, {
        namespace: EXPRESSION_NAMESPACE,
        metricName: (q.label ?? id).slice(0, 512),
        dimensions: { Expression: q.expression.slice(0, 1024) },
        stat: 'Expression',
        period,
      });
    }
  });
  return out.length > 0 ? { label: 'the alarm metrics', queries: out, identities } : null;
}

/** The metrics found for the services in play, in calls of at most QUERIES_PER_CALL queries. */
export function serviceBatches(metrics: readonly Metric[], period: number): QueryBatch[] {
  const batches: QueryBatch[] = [];
  for (let start = 0; start < metrics.length; start += QUERIES_PER_CALL) {
    const identities = new Map<string, SeriesIdentity>();
    const queries: MetricDataQuery[] = [];
    metrics.slice(start, start + QUERIES_PER_CALL).forEach((metric, i) => {
      const id = `m${i}`;
      const stat = statFor(metric.MetricName ?? '');
      queries.push({ Id: id, MetricStat: { Metric: metric, Period: period, Stat: stat }, ReturnData: true });
      identities.set(id, {
        namespace: metric.Namespace ?? '',
        metricName: metric.MetricName ?? '',
        dimensions: Object.fromEntries((metric.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? ''])),
        stat,
        period,
      });
    });
    batches.push({
      label: `the service metrics ${start + 1}-${start + queries.length}`,
      queries,
      identities,
    });
  }
  return batches;
}

/** Counts (errors, requests, invocations, status codes) are summed per period; gauges averaged. */
const COUNT_METRIC =
  /(count|errors?|faults?|invocations|throttles?|requests?|[2-5]xx|dropped|failed|failures?)$/i;

export function statFor(metricName: string): string {
  return COUNT_METRIC.test(metricName.replace(/[_-]/g, '')) ? 'Sum' : 'Average';
}
