import type { Alarm } from '../../domain/alarm.ts';
import type { Report } from '../../domain/report.ts';
import { duplicatesNote } from '../collect/duplicate-filter.ts';
import type { Findings } from '../correlate/findings-model.ts';
import { sealReport } from '../redact/seal-report.ts';
import { buildReport } from './build-report.ts';
import { qualityChecks } from './quality.ts';

export interface FinishOptions {
  alarm: Alarm;
  /** What the log source could not use, said first in the limitations. */
  sourceNotes?: string[];
  incidentId?: string;
  clock: () => number;
  /** The clock's reading when the analysis started. */
  started: number;
}

/** The findings as the delivered report: built, quality-checked, timed, masked and self-checked. */
export function finishReport(findings: Findings, options: FinishOptions): Report {
  const { clock, started } = options;
  // The source's notes are complete only now that its events have been read to the end.
  const { duplicates } = findings.collected;
  findings.limitations.unshift(
    ...(options.sourceNotes ?? []),
    ...(duplicates > 0 ? [duplicatesNote(duplicates)] : []),
  );
  const draft = buildReport(findings, {
    alarm: options.alarm,
    durationMs: clock() - started,
    ...(options.incidentId ? { incidentId: options.incidentId } : {}),
  });
  const checks = qualityChecks(draft, findings);
  const report: Report = {
    ...draft,
    quality: {
      grounded: checks
        .filter((c) => ['services-in-input', 'quotes-verbatim', 'counts-agree'].includes(c.name))
        .every((c) => c.passed),
      checks,
    },
  };
  report.stats.durationMs = Math.max(0, Math.round(clock() - started));
  // Masked and self-checked as every delivered report is (the same seal runs again after each merge).
  return sealReport(report);
}
