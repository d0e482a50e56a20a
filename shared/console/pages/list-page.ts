import { FAULT_CLASSES } from '../../domain/fault-class.ts';
import { SEVERITIES, SEVERITY_LABELS } from '../../domain/severity.ts';
import { INCIDENT_STATUSES, type IncidentRecord } from '../../ports/incident-store.ts';
import { formatUtc, plural } from '../../report/format.ts';
import { html, type SafeHtml } from '../../report/html-template.ts';
import { faultClassLabel } from '../../report/report-text.ts';
import { type IncidentPage, type IncidentRow, SCAN_LIMIT } from '../incident-list.ts';
import { filtersQuery, isFiltered, type ListFilters } from '../list-filters.ts';
import { incidentPath, LIST_PATH } from '../paths.ts';
import { frequencyName } from '../report-summary.ts';
import { STATUS_LABELS } from '../triage.ts';
import { layout } from './layout.ts';
import { ownerText, statusBadge } from './triage-section.ts';

const COLUMNS = ['Time', 'Severity', 'Title', 'Status', 'Root service', 'Fault class', 'Frequency'] as const;

/** What the list tells of a page besides its rows: refused filters, and when it was read. */
export interface ListContext {
  problems: readonly string[];
  /** What is wrong with the store though it answers. */
  notes?: readonly string[];
  now: Date;
}

function option(value: string, label: string, selected: string | undefined): SafeHtml {
  return html`<option value="${value}"${value === selected && html` selected`}>${label}</option>`;
}

function select(
  name: string,
  label: string,
  options: readonly (readonly [string, string])[],
  selected: string | undefined,
): SafeHtml {
  const id = `filter-${name}`;
  return html`<div><label for="${id}">${label}</label><select id="${id}" name="${name}">${option('', 'Any', selected)}${options.map(([value, text]) => option(value, text, selected))}</select></div>`;
}

function filterForm(filters: ListFilters, services: readonly string[]): SafeHtml {
  // A service given in the URL stays selectable even when the scanned page does not name it.
  const serviceNames = [...new Set([...services, ...(filters.service ? [filters.service] : [])])].sort();
  const setFilters = (['status', 'service', 'severity', 'faultClass', 'from', 'to'] as const).filter(
    (key) => filters[key] !== undefined,
  ).length;
  return html`<section class="panel" aria-labelledby="filters-title">
<h2 id="filters-title">Find incidents</h2>
<form class="filters" method="get" action="${LIST_PATH}" role="search">
<div class="search"><label for="filter-q">Search</label><span class="hint" id="filter-q-hint">Titles, root causes, triggers, resolutions, services, owners and quoted log lines.</span><input id="filter-q" name="q" type="search" value="${filters.q ?? ''}" maxlength="200" aria-describedby="filter-q-hint"></div>
<details class="more-filters"${setFilters > 0 && html` open`}><summary>Filters${setFilters > 0 && html` (${setFilters} set)`}</summary>
<div class="filter-grid">
${select(
  'status',
  'Status',
  INCIDENT_STATUSES.map((s) => [s, STATUS_LABELS[s]] as const),
  filters.status,
)}
${select(
  'service',
  'Service',
  serviceNames.map((s) => [s, s] as const),
  filters.service,
)}
${select(
  'severity',
  'Severity',
  SEVERITIES.map((s) => [s, `${s} (${SEVERITY_LABELS[s]})`] as const),
  filters.severity,
)}
${select(
  'class',
  'Fault class',
  FAULT_CLASSES.map((c) => [c, faultClassLabel(c)] as const),
  filters.faultClass,
)}
<div><label for="filter-from">From (UTC)</label><input id="filter-from" name="from" type="date" value="${filters.from ?? ''}"></div>
<div><label for="filter-to">To (UTC)</label><input id="filter-to" name="to" type="date" value="${filters.to ?? ''}"></div>
</div>
</details>
<div class="actions"><button type="submit">Apply filters</button><a href="${LIST_PATH}">Clear filters</a></div>
</form>
</section>`;
}

function row({ record, summary }: IncidentRow): SafeHtml {
  const severity = summary.severity
    ? html`<span class="badge sev-${summary.severity.toLowerCase()}">${summary.severity} (${SEVERITY_LABELS[summary.severity]})</span>`
    : html`<span class="muted">Unknown</span>`;
  return html`<tr>
<td class="when" data-label="${COLUMNS[0]}"><time datetime="${record.occurredAt}">${formatUtc(record.occurredAt)}</time></td>
<td data-label="${COLUMNS[1]}">${severity}</td>
<th scope="row"><a href="${incidentPath(record.incidentId)}">${record.title}</a> <span class="meta">${record.incidentId}</span></th>
<td data-label="${COLUMNS[3]}">${statusBadge(record)} ${ownerText(record)}${verdictBadge(record)}</td>
<td data-label="${COLUMNS[4]}">${record.rootService ? html`<code>${record.rootService}</code>` : html`<span class="muted">not identified</span>`}</td>
<td data-label="${COLUMNS[5]}">${faultClassLabel(record.faultClass)}</td>
<td data-label="${COLUMNS[6]}">${frequencyName(summary.frequency)}</td>
</tr>`;
}

/** The feedback verdict under the status: root cause confirmed or corrected; nothing without feedback. */
function verdictBadge(record: IncidentRecord): SafeHtml | false {
  const verdict = record.feedback?.verdict;
  if (!verdict) return false;
  return html`<span class="verdict-line"><span class="badge verdict-${verdict}">${verdict === 'confirmed' ? 'Cause confirmed' : 'Cause corrected'}</span></span>`;
}

/** Refused filters, said instead of silently dropped. */
function problemsNotice(problems: readonly string[]): SafeHtml | false {
  if (problems.length === 0) return false;
  return html`<div class="error" role="alert" id="filter-problems"><p>Some filters were not applied:</p><ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>`;
}

/** How many incidents the store held when the page was read, and a link that reads it again. */
function freshness(page: IncidentPage, filters: ListFilters, now: Date): SafeHtml {
  const count = page.scanned >= SCAN_LIMIT ? `${SCAN_LIMIT}+ incidents` : plural(page.scanned, 'incident');
  const scope = filters.before || filters.to ? ' in this range' : '';
  return html`<p class="freshness"><span id="store-count">${count}${scope}</span> as of <time datetime="${now.toISOString()}">${formatUtc(now.toISOString())}</time>. <a href="${LIST_PATH}${filtersQuery(filters)}">Refresh</a></p>`;
}

function results(page: IncidentPage, filters: ListFilters): SafeHtml {
  const { rows } = page;
  const heading = html`<h2 id="results-title">${isFiltered(filters) ? 'Matching incidents' : 'Incidents'}, newest first</h2>`;
  const count = html`<p role="status">${plural(rows.length, 'incident')} on this page.</p>`;
  const olderLink =
    page.next &&
    html`<a rel="next" href="${LIST_PATH}${filtersQuery({ ...filters, before: page.next })}">Older incidents</a>`;
  const newestLink =
    filters.before &&
    html`<a href="${LIST_PATH}${filtersQuery({ ...filters, before: undefined })}">Newest incidents</a>`;
  const pager =
    (olderLink || newestLink) && html`<nav class="pager" aria-label="Pages">${newestLink}${olderLink}</nav>`;
  if (rows.length === 0) {
    return html`<section class="panel" aria-labelledby="results-title">${heading}${count}<p>${
      isFiltered(filters)
        ? 'No incident matches these filters.'
        : filters.before
          ? 'No older incidents.'
          : 'No incidents yet: analyzed alarms appear here.'
    }</p>${pager}</section>`;
  }
  return html`<section class="panel" aria-labelledby="results-title">${heading}${count}
<div class="table-scroll" role="region" aria-labelledby="results-title" tabindex="0">
<table class="incidents">
<thead><tr>${COLUMNS.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>${rows.map(row)}</tbody>
</table>
</div>
${pager}
</section>`;
}

/** The incident list: the filter form and one page of incidents, newest first. */
export function renderListPage(page: IncidentPage, filters: ListFilters, context: ListContext): string {
  return layout(
    'Incidents',
    html`<h1>Incidents</h1>
${freshness(page, filters, context.now)}
${(context.notes?.length ?? 0) > 0 && html`<div class="error" role="note" id="store-notes">${context.notes?.map((n) => html`<p>${n}</p>`)}</div>`}
${problemsNotice(context.problems)}
${filterForm(filters, page.services)}
${results(page, filters)}`,
  );
}
