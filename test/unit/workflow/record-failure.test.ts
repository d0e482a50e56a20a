import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MetricName } from '../../../shared/deployment/metric-names.ts';
import type { Report } from '../../../shared/domain/report.ts';
import type { IncidentRecord, IncidentStore } from '../../../shared/ports/incident-store.ts';
import type { MetricsRecorder } from '../../../shared/ports/metrics.ts';
import type { Notification } from '../../../shared/ports/notifier.ts';
import type { WorkflowDeps } from '../../../shared/workflow/deps.ts';
import type { WorkflowState } from '../../../shared/workflow/state.ts';
import { recordFailure } from '../../../shared/workflow/steps/record-failure.ts';

const ALARM = readFileSync(new URL('../../fixtures/alarms/booking-edge-5xx.json', import.meta.url), 'utf8');
const OFFLINE_REPORT = readFileSync(
  new URL('../../fixtures/bedrock/d02-offline-report.json', import.meta.url),
  'utf8',
);

class RecordingMetrics implements MetricsRecorder {
  readonly counts: { name: MetricName; dimensions: Record<string, string> | undefined }[] = [];
  count(name: MetricName, dimensions?: Record<string, string>): void {
    this.counts.push({ name, dimensions });
  }
}

/** In-memory blobs, a notifier that records (or refuses), a table that only takes records. */
function fakes(options: { notifierFails?: boolean } = {}) {
  const objects = new Map<string, string>([
    ['incidents/INC-0a59a8a9/alarm.json', ALARM],
    [
      'incidents/INC-0a59a8a9/offline-report.json',
      JSON.stringify({ report: JSON.parse(OFFLINE_REPORT), signature: [] }),
    ],
  ]);
  const sent: Notification[] = [];
  const records: IncidentRecord[] = [];
  const metrics = new RecordingMetrics();
  const deps = {
    blobs: {
      put: async (key: string, body: string) => void objects.set(key, body),
      get: async (key: string) => {
        const body = objects.get(key);
        if (body === undefined) throw new Error(`no object ${key}`);
        return body;
      },
      locate: (key: string) => `memory://${key}`,
    },
    notifier: {
      publish: async (n: Notification) => {
        if (options.notifierFails) throw new Error('SNS is down');
        sent.push(n);
      },
    },
    store: {
      get: async () => null,
      put: async (r: IncidentRecord) => void records.push(r),
    } as unknown as IncidentStore,
    metrics,
    consoleUrl: null,
    clock: () => 0,
  } as unknown as WorkflowDeps;
  const published = (state: WorkflowState) =>
    JSON.parse(objects.get(state.reportKey ?? '') ?? '{}') as Report;
  return { deps, sent, metrics, published };
}

/** The first limitation: the one record-failure adds. */
const limitation = (report: Report) => (report.limitations as string[] | undefined)?.[0];

const lambdaCause = (message: string) => JSON.stringify({ errorType: 'Error', errorMessage: message });

describe('record-failure', () => {
  it('names the failed step in the limitation and counts DegradedAnalysis under it', async () => {
    const { deps, sent, metrics, published } = fakes();

    const state = await recordFailure.run(
      {
        incidentId: 'INC-0a59a8a9',
        alarmKey: 'incidents/INC-0a59a8a9/alarm.json',
        failure: { Error: 'TransientError', Cause: lambdaCause('Rate exceeded') },
        failedStep: 'plan-fetch',
      },
      deps,
    );

    expect(metrics.counts).toEqual([{ name: 'DegradedAnalysis', dimensions: { FailedStep: 'plan-fetch' } }]);
    const report = published(state);
    expect(limitation(report)).toBe(
      'The analysis did not complete: step plan-fetch failed after its retries (TransientError: Rate exceeded); this report lacks the log analysis.',
    );
    expect(report.inconclusive).toBe(true);
    expect(sent[0]?.subject).toMatch(/^\[degraded\] /);
  });

  it("publishes the correlation's report when a later step failed, saying which", async () => {
    const { deps, metrics, published } = fakes();

    const state = await recordFailure.run(
      {
        incidentId: 'INC-0a59a8a9',
        alarmKey: 'incidents/INC-0a59a8a9/alarm.json',
        offlineReportKey: 'incidents/INC-0a59a8a9/offline-report.json',
        failure: { Error: 'States.Timeout', Cause: 'Task timed out after 180 seconds' },
        failedStep: 'write-narrative',
      },
      deps,
    );

    expect(metrics.counts).toEqual([
      { name: 'DegradedAnalysis', dimensions: { FailedStep: 'write-narrative' } },
    ]);
    const report = published(state);
    expect(report.rootCause.service).toBe('payment-service');
    expect(limitation(report)).toContain('step write-narrative failed after its retries');
    expect(limitation(report)).toContain('lacks the similar incidents or the final synthesis');
  });

  it('counts the degraded analysis even when the degraded report cannot be published', async () => {
    const { deps, metrics } = fakes({ notifierFails: true });

    await expect(
      recordFailure.run(
        {
          incidentId: 'INC-0a59a8a9',
          alarmKey: 'incidents/INC-0a59a8a9/alarm.json',
          failure: { Error: 'Error' },
          failedStep: 'analyze',
        },
        deps,
      ),
    ).rejects.toThrow('SNS is down');
    expect(metrics.counts).toEqual([{ name: 'DegradedAnalysis', dimensions: { FailedStep: 'analyze' } }]);
  });

  it('says "unknown" when the state does not name the failed step', async () => {
    const { deps, metrics, published } = fakes();

    const state = await recordFailure.run(
      { incidentId: 'INC-0a59a8a9', alarmKey: 'incidents/INC-0a59a8a9/alarm.json' },
      deps,
    );

    expect(metrics.counts).toEqual([{ name: 'DegradedAnalysis', dimensions: { FailedStep: 'unknown' } }]);
    expect(limitation(published(state))).toContain('step unknown failed');
  });
});
