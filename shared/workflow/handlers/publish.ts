import { sealReport } from '../../analysis/redact/index.ts';
import { rememberIncident } from '../../analysis/similarity/incident-memory.ts';
import type { Report } from '../../domain/report.ts';
import { renderChatPayload, renderHtml, renderMarkdown, renderNotification } from '../../report/index.ts';
import type { WorkflowDeps } from '../deps.ts';
import { reportPrefix, type WorkflowState } from '../state.ts';

/**
 * Delivers the report: report.json, report.html and report.md under a dated per-incident prefix,
 * the incident record to the table for future similarity searches, then the e-mail text and the
 * chat payload to the notifier. Safe to retry: the objects and the record are rewritten in place,
 * and the notification's delivery key (incident, run, kind) lets the notifier send each message once.
 */
export async function publishReport(
  state: WorkflowState,
  unsealed: Report,
  deps: WorkflowDeps,
  subjectPrefix = '',
): Promise<WorkflowState> {
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

/** The publish step: the final report of synthesize, delivered. */
export async function publish(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  if (!state.reportKey) throw new Error('publish needs the report of synthesize');
  const report = JSON.parse(await deps.blobs.get(state.reportKey)) as Report;
  return publishReport(state, report, deps);
}
