import type { IncidentRecord } from '../../ports/incident-store.ts';
import { formatUtc } from '../../report/format.ts';
import { html, type SafeHtml } from '../../report/html-template.ts';
import { FEEDBACK_FIELDS, type FeedbackFormValues } from '../feedback-form.ts';
import { feedbackPath } from '../paths.ts';

export interface FeedbackView {
  token: string;
  /** The values of a submission that was refused, shown again with its error. */
  submitted?: { values: FeedbackFormValues; error: string };
  /** Just saved (the redirect after a successful POST). */
  saved?: boolean;
  /** The status form was just saved (its redirect); the status form uses the same token. */
  triageSaved?: boolean;
}

function savedVerdict(record: IncidentRecord): SafeHtml {
  const { feedback, resolution } = record;
  if (!feedback) {
    return html`<p class="muted">No feedback yet: confirm the root cause, or correct it, below.</p>`;
  }
  return html`<dl class="facts">
<dt>Verdict</dt><dd><span class="verdict">${feedback.verdict === 'confirmed' ? 'Root cause confirmed' : 'Root cause corrected'}</span> (${feedback.verdict}) on <time datetime="${feedback.at}">${formatUtc(feedback.at)}</time></dd>
${feedback.correctedRootCause && html`<dt>Real root cause</dt><dd>${feedback.correctedRootCause}</dd>`}
${resolution && html`<dt>Resolution</dt><dd>${resolution}</dd>`}
${feedback.note && html`<dt>Note</dt><dd>${feedback.note}</dd>`}
</dl>`;
}

function radio(value: 'confirmed' | 'corrected', label: string, checked: boolean): SafeHtml {
  const id = `verdict-${value}`;
  return html`<div class="choice"><input type="radio" id="${id}" name="${FEEDBACK_FIELDS.verdict}" value="${value}"${checked && html` checked`} required><label for="${id}">${label}</label></div>`;
}

function textArea(name: string, id: string, label: string, hint: string, value: string): SafeHtml {
  return html`<div class="field"><label for="${id}">${label}</label><span class="hint" id="${id}-hint">${hint}</span><textarea id="${id}" name="${name}" rows="3" maxlength="2000" aria-describedby="${id}-hint">${value}</textarea></div>`;
}

/** The feedback section of a report page: the saved verdict and the form that records a new one. */
export function feedbackSection(record: IncidentRecord, view: FeedbackView): SafeHtml {
  const values = view.submitted?.values;
  const verdict = values?.verdict ?? record.feedback?.verdict ?? 'confirmed';
  return html`<section id="section-feedback" aria-labelledby="section-feedback-title">
<h2 id="section-feedback-title">Feedback</h2>
${view.saved && html`<p class="notice" role="status">Feedback saved: ${record.feedback?.verdict ?? 'recorded'}.</p>`}
${savedVerdict(record)}
<h3 id="feedback-form-title">Your verdict</h3>
${view.submitted && html`<p class="error" role="alert" id="feedback-error">${view.submitted.error}</p>`}
<form method="post" action="${feedbackPath(record.incidentId)}" aria-labelledby="feedback-form-title"${view.submitted && html` aria-describedby="feedback-error"`}>
<input type="hidden" name="${FEEDBACK_FIELDS.token}" value="${view.token}">
<fieldset>
<legend>Is the root cause right?</legend>
${radio('confirmed', 'Confirm: the root cause is right', verdict === 'confirmed')}
${radio('corrected', 'Correct it: the root cause was something else', verdict === 'corrected')}
</fieldset>
${textArea(FEEDBACK_FIELDS.correctedRootCause, 'feedback-correction', 'Real root cause', 'Only when correcting.', values?.correctedRootCause ?? '')}
${textArea(FEEDBACK_FIELDS.resolution, 'feedback-resolution', 'Resolution', 'Optional: what fixed it. Shown as the first fix when this failure recurs.', values?.resolution ?? '')}
${textArea(FEEDBACK_FIELDS.note, 'feedback-note', 'Note', 'Optional.', values?.note ?? '')}
<button type="submit">Save feedback</button>
</form>
</section>`;
}
