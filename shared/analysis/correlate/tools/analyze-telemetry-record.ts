import type { TelemetryFindings } from '../../telemetry/types.ts';
import { telemetryNamesOrigin } from '../reading.ts';
import type { ToolRecord } from './correlation-tool.ts';

/**
 * analyze_telemetry but for its run (the telemetry analysis): the alarm-only analysis keeps its
 * verdict on no telemetry without carrying it (see analyze-telemetry.ts for the tool).
 */
export const analyzeTelemetryRecord: ToolRecord<TelemetryFindings> = {
  name: 'analyze_telemetry',
  description:
    "Reads the metrics and traces: when the alarm's metric left its baseline, and which services moved first and most (origin candidates).",
  applies: ({ telemetry }) => telemetry.metrics.length > 0 || telemetry.traces.length > 0,
  parameters: ({ telemetry, alarm }) => ({
    datapoints: telemetry.metrics.length,
    segments: telemetry.traces.length,
    alarmMetrics: alarm.metrics.length,
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
