import { parseAlarmEvent } from '../../../../shared/domain/alarm.ts';
import type { TelemetryRequest } from '../../../../shared/ports/telemetry-source.ts';

/** The alarm's time: a whole minute. */
export const ALARM_AT = Date.parse('2026-03-02T09:30:00Z');
export const START = ALARM_AT - 60 * 60_000;
export const END = ALARM_AT + 10 * 60_000;

/** An alarm state-change event on `metrics` (the event's detail.configuration.metrics). */
export function alarmEvent(metrics: unknown[]): Record<string, unknown> {
  const state = (value: string) => ({
    value,
    reason: `moved to ${value}`,
    timestamp: new Date(ALARM_AT).toISOString().replace('Z', '+0000'),
  });
  return {
    version: '0',
    id: 'f1e2d3c4-0000-4000-8000-000000000001',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '210987654321',
    time: new Date(ALARM_AT).toISOString(),
    region: 'us-west-2',
    resources: ['arn:aws:cloudwatch:us-west-2:210987654321:alarm:basket-latency'],
    detail: {
      alarmName: 'basket-latency',
      configuration: { metrics },
      previousState: state('OK'),
      state: state('ALARM'),
    },
  };
}

/** A plain metric query of an alarm. */
export const plainQuery = (id: string, name: string, dimensions: Record<string, string>, stat = 'p99') => ({
  id,
  metricStat: { metric: { namespace: 'AWS/ApplicationELB', name, dimensions }, period: 60, stat },
  returnData: id === 'm1',
});

/** The request fetch-telemetry would make for an alarm on `metrics` and these services. */
export function request(metrics: unknown[], services: string[] = []): TelemetryRequest {
  const parsed = parseAlarmEvent(alarmEvent(metrics));
  if (!parsed.ok) throw new Error(parsed.error);
  return {
    alarm: parsed.alarm,
    alarmQueries: parsed.event.detail.configuration.metrics ?? [],
    startTime: START,
    endTime: END,
    services,
    logGroups: [],
  };
}

/** `n` timestamps one minute apart from `from`. */
export const minutes = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => new Date(from + i * 60_000));
