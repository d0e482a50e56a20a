import type { Report } from '../../domain/report.ts';
import type { IncidentRecord } from '../../ports/incident-store.ts';
import { formatUtc } from '../../report/format.ts';
import { HTML_SECTION_BODIES } from '../../report/html-sections.ts';
import { html, type SafeHtml } from '../../report/html-template.ts';
import {
  faultClassLabel,
  frequencyText,
  INCONCLUSIVE_NOTICE,
  severityText,
} from '../../report/report-text.ts';
import { REPORT_SECTIONS } from '../../report/sections.ts';
import { awsConsoleLinks } from '../aws-links.ts';
import { LIST_PATH } from '../paths.ts';
import { type FeedbackView, feedbackSection } from './feedback-section.ts';
import { layout } from './layout.ts';
import { similarIncidentsSection } from './similar-section.ts';
import { statusBadge, triageSection } from './triage-section.ts';

const sectionId = (id: string): string => `section-${id}`;

function breadcrumb(incidentId: string): SafeHtml {
  return html`<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="${LIST_PATH}">Incidents</a></li><li aria-current="page">${incidentId}</li></ol></nav>`;
}

function header(report: Report, record: IncidentRecord): SafeHtml {
  const verdict = record.feedback
    ? html`<dt>Verdict</dt><dd><span class="verdict">${record.feedback.verdict}</span></dd>`
    : false;
  return html`<header class="report-header">
${breadcrumb(report.incidentId)}
<h1>${report.title}</h1>
<dl class="facts">
<dt>Incident</dt><dd><code>${report.incidentId}</code></dd>
<dt>Severity</dt><dd><span class="badge sev-${report.severity.toLowerCase()}">${severityText(report)}</span> ${report.severityReason}</dd>
<dt>Alarm</dt><dd><code>${report.alarm.name}</code></dd>
<dt>Triggered</dt><dd><time datetime="${report.alarm.triggeredAt}">${formatUtc(report.alarm.triggeredAt)}</time></dd>
<dt>Frequency</dt><dd>${frequencyText(report) ?? 'Not computed for this report.'}</dd>
<dt>Status</dt><dd>${statusBadge(record)}${record.triage?.owner && html` owned by ${record.triage.owner}`}</dd>
${verdict}
</dl>
${report.inconclusive && html`<p class="banner"><strong>${INCONCLUSIVE_NOTICE}</strong></p>`}
</header>`;
}

/** Links to the alarm, the log groups' Logs Insights queries, the metric and the traces of the window. */
function awsLinks(report: Report): SafeHtml {
  const links = awsConsoleLinks(report);
  if (links.length === 0) return html``;
  return html`<nav class="aws-links panel" aria-labelledby="aws-links-title">
<h2 id="aws-links-title">In the AWS console</h2>
<ul>${links.map((l) => html`<li><a href="${l.href}" rel="noopener noreferrer" target="_blank">${l.label}</a></li>`)}</ul>
</nav>`;
}

function tableOfContents(): SafeHtml {
  const links = REPORT_SECTIONS.map((s) => html`<li><a href="#${sectionId(s.id)}">${s.title}</a></li>`);
  return html`<nav class="toc panel" aria-label="Report sections"><ol>${links}<li><a href="#section-feedback">Feedback</a></li></ol></nav>`;
}

function sections(report: Report): SafeHtml[] {
  return REPORT_SECTIONS.map((s) => {
    const id = sectionId(s.id);
    const body =
      s.id === 'similar-incidents' ? similarIncidentsSection(report) : HTML_SECTION_BODIES[s.id](report);
    return html`<section id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${s.title}</h2>
${body}
</section>
`;
  });
}

/** An incident's page: the whole report (the report file's section renderers), then the feedback form. */
export function renderReportPage(report: Report, record: IncidentRecord, feedback: FeedbackView): string {
  return layout(
    `${report.incidentId} · ${report.title}`,
    html`${header(report, record)}
${triageSection(record, feedback)}
${awsLinks(report)}
${tableOfContents()}
${sections(report)}
${feedbackSection(record, feedback)}`,
  );
}

/** The page of an incident whose report cannot be read (expired or missing): what the record holds. */
export function renderRecordOnlyPage(record: IncidentRecord, feedback: FeedbackView): string {
  return layout(
    `${record.incidentId} · ${record.title}`,
    html`<header class="report-header">
${breadcrumb(record.incidentId)}
<h1>${record.title}</h1>
<p class="error" role="note">The full report is no longer available; this is what the incident table keeps.</p>
<dl class="facts">
<dt>Incident</dt><dd><code>${record.incidentId}</code></dd>
<dt>Alarm</dt><dd><code>${record.alarmName}</code></dd>
<dt>Triggered</dt><dd><time datetime="${record.occurredAt}">${formatUtc(record.occurredAt)}</time></dd>
<dt>Root service</dt><dd>${record.rootService ?? 'not identified'}</dd>
<dt>Fault class</dt><dd>${faultClassLabel(record.faultClass)}</dd>
<dt>Root cause</dt><dd>${record.rootCause}</dd>
</dl>
</header>
${triageSection(record, feedback)}
${feedbackSection(record, feedback)}`,
  );
}
