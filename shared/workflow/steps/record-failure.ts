import { alarmOnlyReport } from '../../analysis/report-build/alarm-only-report.ts';
import { FAILED_STEP_DIMENSION, METRIC } from '../../deployment/metric-names.ts';
import type { Report } from '../../domain/report.ts';
import { storedOfflineReport } from '../offline-report.ts';
import type { StateWith } from '../state.ts';
import { defineStep, LAMBDA_TRANSIENT } from '../step.ts';
import { publishReport } from './publish.ts';

/**
 * A step failed after its retries: count it (DegradedAnalysis, by failed step), then publish what
 * is known, saying which step failed and what is missing. When analyze ran, its offline report is
 * published as is; otherwise an inconclusive report of the alarm alone. Either way the failure is
 * in the report's limitations and the subject says "degraded".
 */
export const recordFailure = defineStep(
  {
    name: 'record-failure',
    description: 'Publishes a degraded report that says which step failed and what is missing',
    ports: ['blobs', 'incidents-write', 'notify'],
    timeoutSeconds: 120,
    memoryMb: 512,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: null,
    next: null,
  },
  async (
    state: StateWith<'failedStep' | 'failure' | 'offlineReportKey' | 'run'>,
    deps,
  ): Promise<StateWith<'reportKey' | 'reportUrl'>> => {
    const step = state.failedStep ?? 'unknown';
    // Counted first: the signal must not depend on the degraded report being published.
    deps.metrics?.count(METRIC.degradedAnalysis, { [FAILED_STEP_DIMENSION]: step });
    const failure = `${state.failure?.Error ?? 'Error'}: ${describeCause(state.failure?.Cause)}`;
    const { offlineReportKey } = state;
    const missing = offlineReportKey ? 'the similar incidents or the final synthesis' : 'the log analysis';
    const note = `The analysis did not complete: step ${step} failed after its retries (${failure}); this report lacks ${missing}.`;
    let report: Report | null = null;
    if (offlineReportKey) {
      report = await storedOfflineReport(offlineReportKey, deps.blobs)
        .then((offline) => offline.report)
        .catch(() => null);
    }
    if (!report) {
      const alarmEvent = JSON.parse(await deps.blobs.get(state.alarmKey)) as unknown;
      const result = alarmOnlyReport({ alarmEvent, sourceNotes: [], clock: deps.clock });
      if (!result.ok) throw new Error(`cannot write a degraded report: ${result.error}`);
      report = result.report;
    }
    const limitations = [note, ...((report.limitations as string[] | undefined) ?? [])];
    return publishReport(state, { ...report, limitations }, deps, '[degraded] ');
  },
);

/** Step Functions passes a Lambda error's cause as JSON text ({errorMessage, errorType, ...}). */
function describeCause(cause: string | undefined): string {
  if (!cause) return 'no detail';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string };
    return (parsed.errorMessage ?? cause).slice(0, 500);
  } catch {
    return cause.slice(0, 500);
  }
}
