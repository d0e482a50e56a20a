import { FAULT_CLASSES } from '../../domain/fault-class.ts';
import { SEVERITIES, SEVERITY_LABELS } from '../../domain/severity.ts';
import { formatUtc, plural } from '../../report/format.ts';
import { html, type SafeHtml } from '../../report/html-template.ts';
import { faultClassLabel } from '../../report/report-text.ts';
import type { IncidentPage, IncidentRow } from '../incident-list.ts';
import { filtersQuery, isFiltered, type ListFilters } from '../list-filters.ts';
import { incidentPath, LIST_PATH } from '../paths.ts';
import { frequencyName } from '../report-summary.ts';
import { layout } from './layout.ts';

const COLUMNS = ['Time', 'Severity', 'Title', 'Root service', 'Fault class', 'Frequency'] as const;

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
  return html`<section class="panel" aria-labelledby="filters-title">
<h2 id="filters-title">Find incidents</h2>
<form class="filters" method="get" action="${LIST_PATH}" role="search">
<div class="search"><label for="filter-q">Search titles and root causes</label><input id="filter-q" name="q" type="search" value="${filters.q ?? ''}" maxlength="200"></div>
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
<td data-label="${COLUMNS[3]}">${record.rootService ? html`<code>${record.rootService}</code>` : html`<span class="muted">not identified</span>`}</td>
<td data-label="${COLUMNS[4]}">${faultClassLabel(record.faultClass)}</td>
<td data-label="${COLUMNS[5]}">${frequencyName(summary.frequency)}</td>
</tr>`;
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
export function renderListPage(page: IncidentPage, filters: ListFilters): string {
  return layout(
    'Incidents',
    html`<h1>Incidents</h1>
${filterForm(filters, page.services)}
${results(page, filters)}`,
  );
}
