import type { MetricDatapoint } from '../../domain/telemetry.ts';
import { isRecord } from '../parse/text.ts';

/**
 * The metrics a log event declares in CloudWatch's embedded metric format (EMF specification:
 * `_aws.CloudWatchMetrics[]` of `{Namespace, Dimensions: [[key…]…], Metrics: [{Name, Unit}]}` with
 * the values and dimension values as the event's own keys; Container Insights' performance log
 * events carry the same directive at the top level, beside their `Timestamp`). CloudWatch creates
 * these metrics from the logs; read here, a folder or a log group carries them without a
 * GetMetricData call. Of each directive's dimension sets the most specific is kept (the one that
 * names a pod or a function, not only its cluster), a value list gives its mean.
 */
export function emfDatapoints(event: Record<string, unknown>, eventMs: number): MetricDatapoint[] {
  const aws = isRecord(event._aws) ? event._aws : undefined;
  const directives = Array.isArray(aws?.CloudWatchMetrics)
    ? aws.CloudWatchMetrics
    : Array.isArray(event.CloudWatchMetrics)
      ? event.CloudWatchMetrics
      : [];
  const at = timestampOf(aws?.Timestamp ?? event.Timestamp) ?? eventMs;
  if (!Number.isFinite(at)) return [];
  const out: MetricDatapoint[] = [];
  for (const directive of directives.slice(0, MAX_DIRECTIVES)) {
    if (!isRecord(directive) || typeof directive.Namespace !== 'string' || directive.Namespace === '')
      continue;
    const dimensions = mostSpecific(directive.Dimensions, event);
    if (!dimensions) continue;
    const metrics = Array.isArray(directive.Metrics) ? directive.Metrics.slice(0, MAX_METRICS) : [];
    for (const metric of metrics) {
      if (!isRecord(metric) || typeof metric.Name !== 'string' || metric.Name === '') continue;
      const value = metricValue(event[metric.Name]);
      if (value === undefined) continue;
      out.push({
        namespace: directive.Namespace.slice(0, 512),
        metricName: metric.Name.slice(0, 512),
        dimensions,
        stat: 'Average',
        period: 60,
        ...(typeof metric.Unit === 'string' ? { unit: metric.Unit.slice(0, 64) } : {}),
        timestamp: at,
        value,
      });
    }
  }
  return out;
}

/** Bounds on what one event may declare (the specification allows 30 dimensions, 100 metrics). */
const MAX_DIRECTIVES = 10;
const MAX_METRICS = 100;

function timestampOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{10,13}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined;
  return n < 1e11 ? n * 1000 : n;
}

function metricValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (!Array.isArray(value)) return undefined;
  const numbers = value.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return numbers.length > 0 ? numbers.reduce((a, b) => a + b, 0) / numbers.length : undefined;
}

/** The longest dimension set whose keys the event all carries, with their values. */
function mostSpecific(sets: unknown, event: Record<string, unknown>): Record<string, string> | undefined {
  let best: Record<string, string> | undefined;
  let size = -1;
  for (const set of Array.isArray(sets) ? sets : []) {
    if (!Array.isArray(set) || set.length <= size) continue;
    const dims: Record<string, string> = {};
    let complete = true;
    for (const key of set) {
      const value = typeof key === 'string' ? event[key] : undefined;
      if (typeof value !== 'string' && typeof value !== 'number') {
        complete = false;
        break;
      }
      dims[key as string] = String(value).slice(0, 1024);
    }
    if (complete) {
      best = dims;
      size = set.length;
    }
  }
  return best;
}
