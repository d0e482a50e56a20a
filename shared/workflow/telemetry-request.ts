import { alarmWindows, type WindowOptions } from '../analysis/window.ts';
import { parseAlarmEvent } from '../domain/alarm.ts';
import { SERVICE_DIMENSIONS } from '../domain/telemetry.ts';
import type { TelemetryRequest } from '../ports/telemetry-source.ts';

/**
 * Path segments of log group names that name a kind of log or an AWS service, not the service
 * that writes it: `/aws/lambda/checkout` and `/aws/rds/instance/orders/postgresql` name checkout
 * and orders.
 */
const GENERIC_SEGMENTS = new Set([
  'aws',
  'ecs',
  'eks',
  'lambda',
  'rds',
  'instance',
  'cluster',
  'postgresql',
  'mysql',
  'error',
  'slowquery',
  'general',
  'audit',
  'application',
  'dataplane',
  'host',
  'performance',
  'containerinsights',
  'elasticache',
  'vendedlogs',
  'apigateway',
  'states',
  'codebuild',
]);

/** The services in play: named by the log groups read and by the alarm's service dimensions. */
export function servicesInPlay(logGroups: readonly string[], dimensions: Record<string, string>): string[] {
  const names = new Set<string>();
  for (const [name, value] of Object.entries(dimensions)) {
    if ((SERVICE_DIMENSIONS as readonly string[]).includes(name) && value.trim()) names.add(value.trim());
  }
  for (const group of logGroups) {
    const segments = group.split('/').filter((s) => s !== '' && !GENERIC_SEGMENTS.has(s.toLowerCase()));
    const last = segments[segments.length - 1];
    if (last) names.add(last);
  }
  return [...names];
}

/**
 * What to read of an alarm's metrics and traces: its own queries, the analysis window (baseline
 * start to incident end) and the services in play. Null for an event the analysis refuses.
 */
export function telemetryRequest(
  alarmEvent: unknown,
  windows: Partial<WindowOptions>,
  logGroups: readonly string[],
): TelemetryRequest | null {
  const parsed = parseAlarmEvent(alarmEvent);
  if (!parsed.ok) return null;
  const w = alarmWindows(parsed.alarm.triggeredAt, windows);
  const alarmQueries = parsed.event.detail.configuration.metrics ?? [];
  const dimensions = Object.assign(
    {},
    ...alarmQueries.map((q) => q.metricStat?.metric.dimensions ?? {}),
  ) as Record<string, string>;
  return {
    alarm: parsed.alarm,
    alarmQueries,
    startTime: w.baselineStart,
    endTime: w.incidentEnd,
    services: servicesInPlay(logGroups, dimensions),
    logGroups: [...logGroups],
  };
}
