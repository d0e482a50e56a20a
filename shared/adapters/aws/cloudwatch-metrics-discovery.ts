import {
  type CloudWatchClient,
  type DimensionFilter,
  ListMetricsCommand,
  type ListMetricsCommandOutput,
  type Metric,
} from '@aws-sdk/client-cloudwatch';
import { SERVICE_DIMENSIONS } from '../../domain/telemetry.ts';
import type { TelemetryCollector } from '../../ports/telemetry-collector.ts';
import type { TelemetryRequest } from '../../ports/telemetry-source.ts';
import { errorText } from './error-text.ts';

export interface DiscoveryLimits {
  /** Most series kept (each one query of GetMetricData). */
  maxSeries: number;
  /** Most ListMetrics calls, pages included. */
  maxListCalls: number;
}

/** 500 series are one GetMetricData call: at $0.01 per 1,000 metrics requested, half a cent at most. */
export const DISCOVERY_LIMITS: DiscoveryLimits = { maxSeries: 500, maxListCalls: 100 };

/**
 * The metrics of the resources in play, found with ListMetrics (paged): first those with all the
 * dimensions of one of the alarm's own metrics (the load balancer, queue or function it watches), then
 * those whose service dimensions name a service in play. Bounded in calls and series; what a bound
 * cut or a failed call missed is noted in `collector`.
 */
export async function discoverMetrics(
  client: CloudWatchClient,
  request: Pick<TelemetryRequest, 'alarmQueries' | 'services'>,
  collector: TelemetryCollector,
  limits: DiscoveryLimits = DISCOVERY_LIMITS,
): Promise<Metric[]> {
  const found = new Map<string, Metric>();
  const filters = discoveryFilters(request);
  let calls = 0;
  let cut = false;
  discovery: for (const [index, filter] of filters.entries()) {
    let token: string | undefined;
    do {
      if (calls >= limits.maxListCalls || found.size >= limits.maxSeries) {
        cut = true;
        break discovery;
      }
      calls++;
      let page: ListMetricsCommandOutput;
      try {
        page = await client.send(new ListMetricsCommand({ Dimensions: filter, NextToken: token }));
      } catch (error) {
        // The SDK has retried already; the next filter would meet the same denial, outage or throttling.
        const left = filters.length - index - 1;
        collector.note(
          `CloudWatch ListMetrics failed for ${describe(filter)} (${errorText(error)}): metric discovery stopped there${left > 0 ? `, ${left} further filter(s) not asked` : ''}.`,
        );
        break discovery;
      }
      for (const metric of page.Metrics ?? []) {
        if (!metric.Namespace || !metric.MetricName) continue;
        if (found.size >= limits.maxSeries) {
          cut = true;
          break discovery;
        }
        found.set(metricKey(metric), metric);
      }
      token = page.NextToken;
    } while (token);
  }
  if (cut) {
    collector.note(
      `Metric discovery stopped at ${found.size} series and ${calls} ListMetrics call(s) (bounds ${limits.maxSeries} and ${limits.maxListCalls}): further metrics of the services in play were not read.`,
    );
  }
  return [...found.values()];
}

/** The ListMetrics filters to ask, most specific first, each once (a filter's dimensions all match). */
export function discoveryFilters(
  request: Pick<TelemetryRequest, 'alarmQueries' | 'services'>,
): DimensionFilter[][] {
  const filters = new Map<string, DimensionFilter[]>();
  const add = (filter: DimensionFilter[]) => {
    const usable = filter.filter((d) => d.Name?.trim() && d.Value?.trim()).slice(0, 10);
    if (usable.length > 0) filters.set(describe(usable), usable);
  };
  for (const q of request.alarmQueries) {
    add(Object.entries(q.metricStat?.metric.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })));
  }
  for (const service of request.services) {
    for (const Name of SERVICE_DIMENSIONS) add([{ Name, Value: service }]);
  }
  return [...filters.values()];
}

function describe(filter: DimensionFilter[]): string {
  return filter.map((d) => `${d.Name}=${d.Value}`).join(', ');
}

function metricKey(m: Metric): string {
  const dims = (m.Dimensions ?? [])
    .map((d) => `${d.Name}=${d.Value}`)
    .sort()
    .join(',');
  return `${m.Namespace}|${m.MetricName}|${dims}`;
}
