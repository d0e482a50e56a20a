import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, k8sEvent, line, spread } from './builders.ts';

const window = computeWindows(ALARM);
const EVENTS = '/k8s/reports/events';

/** A Kubernetes event about one of the export Jobs the launcher creates, `minutes` before the alarm. */
const jobEvent = (minutes: number, job: string, reason: string, message: string): LogEvent =>
  k8sEvent(
    EVENTS,
    minutes,
    { kind: 'Job', name: job, namespace: 'reports' },
    {
      reason,
      message,
      type: 'Normal',
      source: { component: 'job-controller' },
    },
  );

/** The launcher's failure: a client library's exception carrying the API server's RBAC refusal. */
const refused = (i: number) =>
  `ERROR [launcher-1] c.r.export.Launcher - could not start export x-${700 + i}, will retry\n` +
  'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://10.100.0.1:443/apis/batch/v1/namespaces/reports/jobs. Message: jobs.batch is forbidden: User "system:serviceaccount:reports:export-launcher" cannot create resource "jobs" in API group "batch" in the namespace "reports".\n' +
  '\tat io.fabric8.kubernetes.client.dsl.internal.OperationSupport.requestFailure(OperationSupport.java:671)';

/**
 * A reporting team's export launcher creates two export Jobs a minute from its queue "export-runs";
 * the Jobs' events come and go with them. A role change takes the launcher's right to create Jobs:
 * its launches fail, the Jobs' events stop, and the portal that waits for exports warns.
 */
function incident() {
  const jobs: LogEvent[] = [];
  for (let m = 58; m > 8; m -= 0.5) {
    const job = `export-x${5000 + m * 2}`;
    jobs.push(jobEvent(m, job, 'SuccessfulCreate', `Created pod: ${job}-q8w2z`));
    jobs.push(jobEvent(m - 0.4, job, 'Completed', 'Job completed'));
  }
  return byTime([
    ...spread(
      '/k8s/reports/export-launcher',
      58,
      8.1,
      50,
      (i) => `INFO c.r.export.Launcher - started export x-${100 + i} from queue export-runs`,
    ),
    ...jobs,
    ...spread('/k8s/reports/report-portal', 58, 0, 290, (i) => `INFO GET /reports/${i} 200`),
    line(
      '/k8s/argocd/argocd-application-controller',
      8.5,
      'time="2026-08-11T03:11:30Z" level=info msg="Applying resource Role/export-launcher in cluster: https://10.100.0.1:443, namespace: reports"',
    ),
    ...spread('/k8s/reports/export-launcher', 8, 0, 40, refused),
    ...spread(
      '/k8s/reports/report-portal',
      6,
      0,
      20,
      (i) => `WARN export for report ${i} still pending after 5 min`,
    ),
  ]);
}

describe('a launcher refused the right to create what it launches', () => {
  it('is the origin, not the work that stopped because it was never created', () => {
    const f = correlate({ events: incident() }, window);
    expect(f.root?.service).toBe('export-launcher');
    expect(f.classification.faultClass).toBe('permission_denied');
  });

  it("has the GitOps controller's apply of its role as the trigger", () => {
    const f = correlate({ events: incident() }, window);
    expect(f.trigger?.change).toMatchObject({ kind: 'policy' });
    expect(f.trigger?.change.description).toContain('Role reports/export-launcher applied');
  });
});
