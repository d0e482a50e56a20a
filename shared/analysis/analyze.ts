import type { AlarmStateChangeEvent } from '../domain/alarm.ts';
import type { Report } from '../domain/report.ts';
import type { Telemetry } from '../domain/telemetry.ts';
import type { WindowLogs } from './collect/index.ts';
import { correlate } from './correlate/findings.ts';
import type { AlarmContext } from './correlate/telemetry-evidence.ts';
import { incidentAlarm } from './incident-alarm.ts';
import { finishReport } from './report-build/finish-report.ts';
import { alarmWindows, type WindowOptions } from './window.ts';

/**
 * What the analysis takes: the alarm, the window's logs (its events, or the partial collections of
 * its shards collected apart) and what else is known of the incident.
 */
export type AnalyzeInput = AnalyzeOptions & WindowLogs;

export interface AnalyzeOptions {
  /** The EventBridge "CloudWatch Alarm State Change" event (parsed JSON or its text). */
  alarmEvent: unknown;
  /** Metrics and traces of the windows (CONTRACT.md §1); absent: the log-only analysis. */
  telemetry?: Telemetry;
  windows?: Partial<WindowOptions>;
  /** What the log source could not use (malformed lines, caps), said in the report. */
  sourceNotes?: string[];
  /** The incident this analysis belongs to, when it is not this alarm transition's own (a flapping alarm's re-run). */
  incidentId?: string;
  /** Milliseconds from an arbitrary origin; the analysis reports how long it took. */
  clock?: () => number;
}

export type AnalyzeResult = { ok: true; report: Report } | { ok: false; error: string };

/**
 * The whole analysis, pure: an alarm event and its logs in, a validated, redacted report out. A
 * malformed alarm is a clear error; everything else (no logs, junk lines, nothing new) still
 * yields a report that says what it could not use.
 */
export function analyzeIncident(input: AnalyzeInput): AnalyzeResult {
  const clock = input.clock ?? (() => 0);
  const started = clock();
  const parsed = incidentAlarm(input.alarmEvent);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const windows = alarmWindows(parsed.alarm.triggeredAt, input.windows);
  const logs: WindowLogs = 'partials' in input ? { partials: input.partials } : { events: input.events };
  const findings = correlate(logs, windows, [], input.telemetry, alarmContextOf(parsed.event));
  const report = finishReport(findings, {
    alarm: parsed.alarm,
    clock,
    started,
    sourceNotes: input.sourceNotes,
    incidentId: input.incidentId,
  });
  return { ok: true, report };
}

/** The alarm's own metrics, expressions and state reason, as the telemetry analysis reads them. */
function alarmContextOf(event: AlarmStateChangeEvent): AlarmContext {
  const queries = event.detail.configuration.metrics ?? [];
  return {
    metrics: queries.flatMap((q) =>
      q.metricStat
        ? [
            {
              ...(q.id ? { id: q.id } : {}),
              namespace: q.metricStat.metric.namespace,
              metricName: q.metricStat.metric.name,
              dimensions: { ...q.metricStat.metric.dimensions },
              ...(q.metricStat.stat ? { stat: q.metricStat.stat } : {}),
            },
          ]
        : [],
    ),
    expressions: queries.flatMap((q) =>
      q.expression
        ? [
            {
              expression: q.expression,
              ...(q.id ? { id: q.id } : {}),
              ...(q.label ? { label: q.label } : {}),
              ...(q.returnData !== undefined ? { returnData: q.returnData } : {}),
            },
          ]
        : [],
    ),
    reason: event.detail.state.reason,
  };
}
