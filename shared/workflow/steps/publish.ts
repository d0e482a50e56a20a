import { sealReport } from '../../analysis/redact/index.ts';
import { rememberIncident } from '../../analysis/similarity/incident-memory.ts';
import type { Report } from '../../domain/report.ts';
import { renderChatPayload, renderHtml, renderMarkdown, renderNotification } from '../../report/index.ts';
import type { WorkflowPorts, WorkflowSettings } from '../deps.ts';
import { reportPrefix, type StateWith } from '../state.ts';
import { defineStep, LAMBDA_TRANSIENT } from '../step.ts';

/** What delivering a report takes: the bucket, the incident table, the notifier and the console's address. */
export type PublishDeps = Pick<WorkflowPorts, 'blobs' | 'store' | 'notifier'> &
  Pick<WorkflowSettings, 'consoleUrl'>;

/**
 * Delivers the report: report.json, report.html and report.md under a dated per-incident prefix,
 * the incident record to the table for future similarity searches, then the e-mail text and the
 * chat payload to the notifier. Safe to retry: the objects and the record are rewritten in place,
 * and the notification's delivery key (incident, run, kind) lets the notifier send each message once.
 */
export async function publishReport<S extends StateWith<'run'>>(
  state: S,
  unsealed: Report,
  deps: PublishDeps,
  subjectPrefix = '',
): Promise<S & { reportKey: string; reportUrl: string }> {
  // Masked and self-checked as delivered, after every merge (similar incidents, feedback, model text).
  const report = sealReport(unsealed);
  const prefix = reportPrefix(report.incidentId, report.alarm.triggeredAt);
  await deps.blobs.put(`${prefix}report.json`, `${JSON.stringify(report, null, 2)}\n`, 'application/json');
  await deps.blobs.put(`${prefix}report.html`, renderHtml(report), 'text/html; charset=utf-8');
  await deps.blobs.put(`${prefix}report.md`, renderMarkdown(report), 'text/markdown; charset=utf-8');
  const reportUrl = deps.consoleUrl
    ? `${deps.consoleUrl.replace(/\/$/, '')}/incidents/${report.incidentId}`
    : deps.blobs.locate(`${prefix}report.html`);
  await rememberIncident(deps.store, report, { reportLocation: `${prefix}report.json` });
  const mail = renderNotification(report, { reportUrl });
  await deps.notifier.publish({
    deliveryKey: `${report.incidentId}#run-${state.run ?? 1}#${subjectPrefix ? 'degraded' : 'report'}`,
    subject: `${subjectPrefix}${mail.subject}`.slice(0, 99),
    text: mail.text,
    chat: renderChatPayload(report, reportUrl),
    attributes: {
      severity: report.severity,
      faultClass: report.rootCause.faultClass,
      incidentId: report.incidentId,
    },
  });
  return { ...state, reportKey: `${prefix}report.json`, reportUrl };
}

/** The publish step: the final report of write-narrative, delivered. */
export const publish = defineStep(
  {
    name: 'publish',
    description: 'Renders the report to S3, notifies SNS and records the incident',
    ports: ['blobs', 'incidents-write', 'notify'],
    timeoutSeconds: 120,
    memoryMb: 512,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: null,
  },
  async (state: StateWith<'reportKey' | 'run'>, deps): Promise<StateWith<'reportKey' | 'reportUrl'>> => {
    if (!state.reportKey) throw new Error('publish needs the report of write-narrative');
    const report = JSON.parse(await deps.blobs.get(state.reportKey)) as Report;
    return publishReport(state, report, deps);
  },
);
