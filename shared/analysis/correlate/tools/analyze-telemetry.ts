import { analyzeTelemetry as analyze } from '../../telemetry/analyze-telemetry.ts';
import type { TelemetryFindings } from '../../telemetry/types.ts';
import { telemetryNamesOrigin } from '../reading.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** What the metrics and traces show moved, anchored on the alarm's own metric. */
export const analyzeTelemetry: CorrelationTool<TelemetryFindings> = {
  name: 'analyze_telemetry',
  description:
    "Reads the metrics and traces: when the alarm's metric left its baseline, and which services moved first and most (origin candidates).",
  applies: ({ telemetry }) => telemetry.metrics.length > 0 || telemetry.traces.length > 0,
  parameters: ({ telemetry, alarm }) => ({
    datapoints: telemetry.metrics.length,
    segments: telemetry.traces.length,
    alarmMetrics: alarm.metrics.length,
  }),
  run: ({ telemetry, alarm, windows, collected }) =>
    analyze(telemetry, {
      windows,
      alarmMetric: alarm.metrics,
      logServices: [...collected.services.keys()],
      ...(alarm.reason !== undefined ? { alarmReason: alarm.reason } : {}),
      ...(alarm.expressions.length > 0 ? { alarmExpressions: alarm.expressions } : {}),
      ...(alarm.threshold !== undefined ? { alarmThreshold: alarm.threshold } : {}),
    }),
  summarize,
  isEmpty: (f) => f.services.length === 0 && f.alarmOnset === null,
  keep(reading, findings) {
    reading.telemetryFindings = findings;
    if (findings) reading.limitations.push(...findings.limitations);
    // Logs and telemetry are both read here: with no log line in the incident window and no
    // origin in the telemetry, nothing is left to correlate.
    const { collected, logsRead } = reading;
    if (logsRead && (collected.incidentLines > 0 || telemetryNamesOrigin(reading))) return 'continue';
    reading.limitations.push(
      logsRead ? 'No log line falls in the incident window.' : 'The logs could not be read.',
    );
    return 'inconclusive';
  },
};

function summarize(f: TelemetryFindings): string {
  const onset = f.alarmOnset
    ? `the alarm's metric left its baseline at ${new Date(f.alarmOnset.at).toISOString()} (median ${round(f.alarmOnset.baselineMedian)} to ${round(f.alarmOnset.incidentMedian)})`
    : "no onset of the alarm's metric";
  const candidates = f.services
    .slice(0, 5)
    .map((s) => `${s.service} ${s.score.toFixed(2)}${s.evidence[0] ? ` (${s.evidence[0].detail})` : ''}`)
    .join('; ');
  return `${f.stats.datapointsUsed} datapoints in ${f.stats.series} series, ${f.stats.spansUsed} spans of ${f.stats.traces} traces; ${onset}; origin candidates: ${candidates || 'none'}.`;
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3);
}
