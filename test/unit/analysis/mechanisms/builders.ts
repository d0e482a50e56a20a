import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import type { MetricDatapoint, Telemetry } from '../../../../shared/domain/telemetry.ts';

/** Small incidents written for the mechanism tests: an alarm time and lines placed in minutes before it. */
export const ALARM = Date.parse('2026-08-11T03:20:00Z');
export const MIN = 60_000;

export function line(
  logGroup: string,
  minutesBeforeAlarm: number,
  message: string,
  logStream = 'a',
): LogEvent {
  return { logGroup, logStream, timestamp: Math.round(ALARM - minutesBeforeAlarm * MIN), message };
}

/** `count` lines spread evenly from `fromMinute` down to `toMinute` before the alarm. */
export function spread(
  logGroup: string,
  fromMinute: number,
  toMinute: number,
  count: number,
  message: (i: number) => string,
): LogEvent[] {
  const step = (fromMinute - toMinute) / Math.max(1, count);
  return Array.from({ length: count }, (_, i) => line(logGroup, fromMinute - i * step, message(i)));
}

export function byTime(events: LogEvent[]): LogEvent[] {
  return [...events].sort((a, b) => a.timestamp - b.timestamp);
}

/** A metric's datapoint each minute of the hour before the alarm; `value` gets the minutes before it. */
export function hourly(
  metric: Omit<MetricDatapoint, 'period' | 'timestamp' | 'value'>,
  value: (minute: number) => number,
): MetricDatapoint[] {
  return Array.from({ length: 60 }, (_, i) => {
    const minute = 59 - i;
    return { ...metric, period: 60, timestamp: ALARM - minute * MIN, value: value(minute) };
  });
}

/**
 * A Kubernetes Event as an event exporter writes it to `logGroup`, `minutesBeforeAlarm` before the
 * alarm, about `object` (namespaced unless it is a Node), from `source`.
 */
export function k8sEvent(
  logGroup: string,
  minutesBeforeAlarm: number,
  object: { kind: string; name: string; namespace?: string },
  event: {
    reason: string;
    message: string;
    type: 'Normal' | 'Warning';
    source: { component: string; host?: string };
  },
): LogEvent {
  const at = new Date(ALARM - minutesBeforeAlarm * MIN).toISOString().replace(/\.\d+Z$/, 'Z');
  return line(
    logGroup,
    minutesBeforeAlarm,
    JSON.stringify({
      kind: 'Event',
      apiVersion: 'v1',
      metadata: {
        name: `${object.name}.${event.reason.toLowerCase()}`,
        namespace: object.namespace ?? 'default',
      },
      involvedObject: object,
      reason: event.reason,
      message: event.message,
      source: event.source,
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      type: event.type,
    }),
  );
}

/**
 * A container's line as Fluent Bit's kubernetes filter ships it to `logGroup`: the line under `log`,
 * the pod's metadata under `kubernetes`, one stream per pod.
 */
export function shippedLine(
  logGroup: string,
  minutesBeforeAlarm: number,
  log: string,
  kubernetes: { pod_name: string; namespace_name: string; container_name: string } & Record<string, unknown>,
): LogEvent {
  return line(
    logGroup,
    minutesBeforeAlarm,
    JSON.stringify({ log, stream: 'stdout', kubernetes }),
    kubernetes.pod_name,
  );
}

/** `count` container lines of one pod, shipped as shippedLine ships them, spread from `from` down to `to` minutes before the alarm. */
export function shippedSpread(
  logGroup: string,
  kubernetes: Parameters<typeof shippedLine>[3],
  from: number,
  to: number,
  count: number,
  log: (i: number) => string,
): LogEvent[] {
  const step = (from - to) / count;
  return Array.from({ length: count }, (_, i) => shippedLine(logGroup, from - i * step, log(i), kubernetes));
}

/** Telemetry of one metric only, a datapoint each minute of the hour before the alarm (see hourly). */
export function hourlyTelemetry(
  metric: Omit<MetricDatapoint, 'period' | 'timestamp' | 'value'>,
  value: (minute: number) => number,
): Telemetry {
  return { metrics: hourly(metric, value), traces: [], notes: [] };
}
