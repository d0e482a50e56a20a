import type { AnalyzeOptions, AnalyzeResult } from '../analyze.ts';
import { alarmOnlyFindings } from '../correlate/alarm-only-findings.ts';
import { incidentAlarm } from '../incident-alarm.ts';
import { alarmWindows } from '../window.ts';
import { finishReport } from './finish-report.ts';

/** What the alarm-only report takes: analyzeIncident's options but telemetry (it reads none). */
export type AlarmOnlyInput = Omit<AnalyzeOptions, 'telemetry'>;

/**
 * The report analyzeIncident writes of an alarm with no logs (inconclusive, saying no line falls
 * in the incident window), built without the parser, the miner, the collection or the correlation
 * tools, so that a step that only needs it (record-failure) bundles none of them.
 */
export function alarmOnlyReport(input: AlarmOnlyInput): AnalyzeResult {
  const clock = input.clock ?? (() => 0);
  const started = clock();
  const parsed = incidentAlarm(input.alarmEvent);
  if (!parsed.ok) return parsed;
  const findings = alarmOnlyFindings(alarmWindows(parsed.alarm.triggeredAt, input.windows));
  const report = finishReport(findings, {
    alarm: parsed.alarm,
    clock,
    started,
    sourceNotes: input.sourceNotes,
    incidentId: input.incidentId,
  });
  return { ok: true, report };
}
