import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
  type Metric,
} from '@aws-sdk/client-cloudwatch';
import type { Telemetry } from '../../domain/telemetry.ts';
import {
  TELEMETRY_LIMITS,
  TelemetryCollector,
  type TelemetryLimits,
} from '../../ports/telemetry-collector.ts';
import type { TelemetryRequest, TelemetrySource } from '../../ports/telemetry-source.ts';
import { DISCOVERY_LIMITS, type DiscoveryLimits, discoverMetrics } from './cloudwatch-metrics-discovery.ts';
import { periodFor, retainedPeriod } from './cloudwatch-metrics-period.ts';
import { alarmBatch, type QueryBatch, serviceBatches } from './cloudwatch-metrics-queries.ts';
import { errorText } from './error-text.ts';

export interface CloudWatchMetricsOptions {
  /** A CloudWatch client; throttling is retried by the SDK's own retry strategy. */
  client: CloudWatchClient;
  now?: () => number;
  discovery?: Partial<DiscoveryLimits>;
  limits?: TelemetryLimits;
  /** Most GetMetricData pages read for one batch of queries. */
  maxPagesPerBatch?: number;
}

const SOURCE = 'GetMetricData';

/**
 * The metrics of an incident from CloudWatch: the alarm's own metrics (its metricStat, or every
 * query of a metric-math alarm, ids kept so the expression resolves), then the metrics ListMetrics
 * finds for the services in play, in GetMetricData calls of 500 queries, every page read (bounded),
 * at a period that fits the window. A failed call, a series CloudWatch would not return, a NaN and
 * a bound that applied are said in the notes; the fetch goes on with the rest.
 */
export class CloudWatchMetricsSource implements TelemetrySource {
  private readonly now: () => number;
  private readonly maxPages: number;

  constructor(private readonly options: CloudWatchMetricsOptions) {
    this.now = options.now ?? Date.now;
    this.maxPages = options.maxPagesPerBatch ?? 20;
  }

  async fetchTelemetry(request: TelemetryRequest): Promise<Telemetry> {
    const { startTime, endTime } = request;
    const collector = new TelemetryCollector({ startTime, endTime }, this.options.limits ?? TELEMETRY_LIMITS);
    const now = this.now();
    const batches: QueryBatch[] = [];
    const alarm = alarmBatch(request.alarmQueries, retainedPeriod(startTime, now));
    if (alarm) batches.push(alarm);
    const discovered = await discoverMetrics(this.options.client, request, collector, {
      ...DISCOVERY_LIMITS,
      ...this.options.discovery,
    });
    const alarmMetrics = new Set([...(alarm?.identities.values() ?? [])].map((m) => seriesOf(m)));
    const others = discovered.filter((m) => !alarmMetrics.has(seriesOf(fromMetric(m))));
    batches.push(...serviceBatches(others, periodFor(startTime, endTime, now)));
    for (const [i, batch] of batches.entries()) {
      if (collector.metricsFull) {
        const left = batches.slice(i).reduce((n, b) => n + b.queries.length, 0);
        collector.note(`The datapoint cap was reached: ${left} further metric series were not read.`);
        break;
      }
      await this.read(batch, request, collector);
    }
    return collector.finish();
  }

  private async read(batch: QueryBatch, request: TelemetryRequest, collector: TelemetryCollector) {
    let token: string | undefined;
    let pages = 0;
    do {
      if (pages >= this.maxPages || collector.metricsFull) {
        collector.note(
          `GetMetricData for ${batch.label} stopped after ${pages} page(s) (${collector.metricsFull ? 'datapoint cap reached' : `bound of ${this.maxPages} pages`}): later datapoints were not read.`,
        );
        return;
      }
      pages++;
      let out: GetMetricDataCommandOutput;
      try {
        out = await this.options.client.send(
          new GetMetricDataCommand({
            MetricDataQueries: batch.queries,
            StartTime: new Date(request.startTime),
            EndTime: new Date(request.endTime),
            ScanBy: 'TimestampAscending',
            NextToken: token,
          }),
        );
      } catch (error) {
        collector.note(
          `CloudWatch GetMetricData failed for ${batch.label} (${errorText(error)}): ${pages > 1 ? 'their later datapoints' : 'these series'} were not read.`,
        );
        return;
      }
      for (const result of out.MetricDataResults ?? []) {
        const identity = batch.identities.get(result.Id ?? '');
        if (!identity) continue;
        if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') {
          collector.reject(SOURCE, 'series', `status ${result.StatusCode}`);
        }
        const times = result.Timestamps ?? [];
        const values = result.Values ?? [];
        if (times.length !== values.length) {
          collector.reject(
            SOURCE,
            'datapoint(s)',
            'a timestamp without its value',
            Math.abs(times.length - values.length),
          );
        }
        for (let i = 0; i < Math.min(times.length, values.length); i++) {
          collector.metric({ ...identity, timestamp: times[i]?.getTime(), value: values[i] }, SOURCE);
        }
        if (result.StatusCode === 'PartialData' && !out.NextToken) {
          collector.note(
            `CloudWatch returned partial data for ${identity.namespace} ${identity.metricName}.`,
          );
        }
      }
      token = out.NextToken;
    } while (token);
  }
}

function fromMetric(m: Metric) {
  return {
    namespace: m.Namespace ?? '',
    metricName: m.MetricName ?? '',
    dimensions: Object.fromEntries((m.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? ''])),
  };
}

function seriesOf(m: { namespace: string; metricName: string; dimensions: Record<string, string> }): string {
  const dims = Object.entries(m.dimensions)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',');
  return `${m.namespace}|${m.metricName}|${dims}`;
}
