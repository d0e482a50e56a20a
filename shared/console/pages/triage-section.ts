import { INCIDENT_STATUSES, type IncidentRecord } from '../../ports/incident-store.ts';
import { formatUtc } from '../../report/format.ts';
import { html, type SafeHtml } from '../../report/html-template.ts';
import { triagePath } from '../paths.ts';
import { MAX_OWNER, STATUS_LABELS, TRIAGE_FIELDS } from '../triage.ts';

/** The status badge of a record: its triage status, open when nobody changed it. */
export function statusBadge(record: IncidentRecord): SafeHtml {
  const status = record.triage?.status ?? 'open';
  return html`<span class="badge status-${status}">${STATUS_LABELS[status]}</span>`;
}

/** Who owns the incident, or that nobody does. */
export function ownerText(record: IncidentRecord): SafeHtml {
  const owner = record.triage?.owner;
  return owner ? html`<span class="owner">${owner}</span>` : html`<span class="muted">no owner</span>`;
}

/** The incident page's status section: where it stands, who owns it, and the form that changes both. */
export function triageSection(
  record: IncidentRecord,
  view: { token: string; triageSaved?: boolean },
): SafeHtml {
  const triage = record.triage;
  const current = triage?.status ?? 'open';
  const changed =
    triage &&
    html` <span class="meta">changed <time datetime="${triage.at}">${formatUtc(triage.at)}</time>${triage.by && html` by ${triage.by}`}</span>`;
  const options = INCIDENT_STATUSES.map(
    (s) => html`<option value="${s}"${s === current && html` selected`}>${STATUS_LABELS[s]}</option>`,
  );
  return html`<section id="section-triage" class="panel" aria-labelledby="section-triage-title">
<h2 id="section-triage-title">Status and owner</h2>
${view.triageSaved && html`<p class="notice" role="status">Status saved: ${STATUS_LABELS[current]}.</p>`}
<p>${statusBadge(record)} ${ownerText(record)}${changed}</p>
<form class="triage" method="post" action="${triagePath(record.incidentId)}">
<input type="hidden" name="${TRIAGE_FIELDS.token}" value="${view.token}">
<div><label for="triage-status">Status</label><select id="triage-status" name="${TRIAGE_FIELDS.status}">${options}</select></div>
<div><label for="triage-owner">Owner</label><input id="triage-owner" name="${TRIAGE_FIELDS.owner}" type="text" maxlength="${String(MAX_OWNER)}" value="${triage?.owner ?? ''}" autocomplete="name"></div>
<div class="actions"><button type="submit">Save status</button></div>
</form>
</section>`;
}
