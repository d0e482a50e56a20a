import type { Alarm, AlarmStateChangeEvent } from '../domain/alarm.ts';
import type { Telemetry } from '../domain/telemetry.ts';

/** One entry of the alarm's `detail.configuration.metrics`: a metric or a metric-math expression. */
export type AlarmMetricQuery = NonNullable<
  AlarmStateChangeEvent['detail']['configuration']['metrics']
>[number];

/** The metrics and traces to read for one incident. */
export interface TelemetryRequest {
  alarm: Alarm;
  /** The alarm's own queries (its metricStat, or each query of a metric-math alarm); empty for composite alarms. */
  alarmQueries: AlarmMetricQuery[];
  /** Epoch ms: the baseline's start and the incident window's end. */
  startTime: number;
  endTime: number;
  /** The names of the services in play (from the log groups and the alarm's dimensions). */
  services: string[];
  /** The log groups the logs are read from. */
  logGroups: string[];
}

/**
 * Where an incident's metrics and traces come from: the incident folder's metrics.jsonl and
 * traces.jsonl, or CloudWatch GetMetricData and X-Ray. Never rejects for bad or missing data: what
 * could not be read is said in `Telemetry.notes`.
 */
export interface TelemetrySource {
  fetchTelemetry(request: TelemetryRequest): Promise<Telemetry>;
}

/**
 * One source made of several (CloudWatch metrics and X-Ray traces), read at once: their records
 * joined, their notes kept in order. A source that rejects after all is said, not fatal.
 */
export function combineTelemetrySources(sources: readonly TelemetrySource[]): TelemetrySource {
  return {
    async fetchTelemetry(request) {
      const parts = await Promise.all(
        sources.map(async (source): Promise<Telemetry> => {
          try {
            return await source.fetchTelemetry(request);
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            return { metrics: [], traces: [], notes: [`Telemetry could not be read (${reason}).`] };
          }
        }),
      );
      return {
        metrics: parts.flatMap((p) => p.metrics),
        traces: parts.flatMap((p) => p.traces),
        notes: parts.flatMap((p) => p.notes),
      };
    },
  };
}

/**
 * `primary`, and `fallback` for the traces when the primary found none (X-Ray, then the spans
 * Transaction Search keeps): both sources' notes are kept.
 */
export function tracesOrElse(primary: TelemetrySource, fallback: TelemetrySource): TelemetrySource {
  return {
    async fetchTelemetry(request) {
      const first = await primary.fetchTelemetry(request);
      if (first.traces.length > 0) return first;
      const second = await fallback.fetchTelemetry(request);
      return {
        metrics: [...first.metrics, ...second.metrics],
        traces: second.traces,
        notes: [...first.notes, ...second.notes],
      };
    },
  };
}
