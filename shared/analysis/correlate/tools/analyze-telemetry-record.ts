import type { Telemetry } from '../../../domain/telemetry.ts';
import type { TelemetryFindings } from '../../telemetry/types.ts';
import { type Reading, telemetryNamesOrigin } from '../reading.ts';
import type { ToolRecord } from './correlation-tool.ts';

/**
 * analyze_telemetry but for its run (the telemetry analysis): the alarm-only analysis keeps its
 * verdict on no telemetry without carrying it (see analyze-telemetry.ts for the tool).
 */
export const analyzeTelemetryRecord: ToolRecord<TelemetryFindings> = {
  name: 'analyze_telemetry',
  description:
    "Reads the metrics and traces: when the alarm's metric left its baseline, and which services moved first and most (origin candidates).",
  applies: (reading) => {
    const telemetry = telemetryRead(reading);
    return telemetry.metrics.length > 0 || telemetry.traces.length > 0;
  },
  parameters: (reading) => ({
    datapoints: telemetryRead(reading).metrics.length,
    segments: reading.telemetry.traces.length,
    alarmMetrics: reading.alarm.metrics.length,
    ...(reading.collected.emf.length > 0 ? { fromLogs: reading.collected.emf.length } : {}),
  }),
  summarize,
  isEmpty: (f) => f.services.length === 0 && f.alarmOnset === null,
  keep(reading, findings) {
    reading.telemetryFindings = findings;
    if (findings) reading.limitations.push(...findings.limitations);
    if (reading.collected.emfDropped > 0)
      reading.limitations.push(
        `${reading.collected.emfDropped} metric datapoints that log events declared in the embedded metric format were beyond what the analysis keeps and were left out.`,
      );
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

/**
 * The telemetry the analysis reads: what the source gave, and the metrics the window's log events
 * declare in the embedded metric format (Container Insights' performance events, Powertools).
 */
export function telemetryRead(reading: Pick<Reading, 'telemetry' | 'collected'>): Telemetry {
  const { telemetry, collected } = reading;
  return collected.emf.length === 0
    ? telemetry
    : { ...telemetry, metrics: [...telemetry.metrics, ...collected.emf] };
}
