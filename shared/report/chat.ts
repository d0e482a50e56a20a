import { FAULT_CLASS_LABELS } from '../domain/fault-class.ts';
import type { Report } from '../domain/report.ts';
import { neutralise, neutraliseLine } from './neutralise.ts';

/**
 * The AWS Chatbot custom-notification payload (version 1.0), so Slack and Teams show the report
 * natively: title with severity, the summary, the root cause and the first fixes as next steps.
 */
export function renderChatPayload(report: Report, reportUrl?: string): Record<string, unknown> {
  const label = FAULT_CLASS_LABELS[report.rootCause.faultClass];
  const title = report.inconclusive
    ? `${report.severity} · Inconclusive: ${report.alarm.name}`
    : `${report.severity} · ${label} in ${report.rootCause.service ?? 'unknown service'}`;
  const nextSteps = report.fixRecommendations.slice(0, 3).map((f) => `${f.rank}. ${f.title}`);
  if (reportUrl) nextSteps.push(`Full report: ${reportUrl}`);
  return {
    version: '1.0',
    source: 'custom',
    id: report.incidentId,
    content: {
      textType: 'client-markdown',
      // Control characters and bidi overrides shown as visible escapes (neutralise.ts).
      title: neutraliseLine(title.slice(0, 250)),
      description: neutralise(
        `${report.executiveSummary.slice(0, 3000)}\n\n*Root cause* (${Math.round(report.rootCause.confidence * 100)}%): ${report.rootCause.summary.slice(0, 1000)}`,
      ),
      nextSteps: nextSteps.map(neutraliseLine),
    },
    metadata: {
      threadId: report.incidentId,
      summary: neutraliseLine(title.slice(0, 100)),
      eventType: 'IncidentIQReport',
      relatedResources: [report.alarm.arn],
    },
  };
}
