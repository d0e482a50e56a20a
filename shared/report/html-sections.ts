import type { Report } from '../domain/report.ts';
import { formatCount, formatPercent, formatUtc } from './format.ts';
import { html, type SafeHtml } from './html-template.ts';
import { chartsOf, impactText, mainChart, mapOf, toChartInput } from './report-pictures.ts';
import {
  analysisTimeText,
  becauseText,
  checkResultText,
  EMPTY_SECTION_TEXT,
  faultClassLabel,
  frequencyText,
  LIMITATIONS_TITLE,
  limitationsOf,
  modelText,
  propagationPathText,
  resolutionOf,
  rootCauseDetail,
  rootCauseHeadline,
  rootServiceText,
  scanWindowText,
  timeToDetectText,
  triggerHeadline,
  whyQuestion,
  yesNo,
} from './report-text.ts';
import { type SectionId, SUBSECTION_TITLES, TABLE_COLUMNS } from './sections.ts';
import { lineChart, serviceMap } from './svg-chart.ts';

/** The body of each report section as HTML (headings are added by `html.ts`). */

const none = (text: string): SafeHtml => html`<p class="muted">${text}</p>`;

const time = (iso: string): SafeHtml => html`<time datetime="${iso}">${formatUtc(iso)}</time>`;

const level = (name: string): SafeHtml => html`<span class="level">${name}</span>`;

const codeBlock = (text: string): SafeHtml => html`<pre><code>${text}</code></pre>`;

function facts(rows: ReadonlyArray<readonly [string, string | SafeHtml]>): SafeHtml {
  return html`<dl class="facts">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

/** A table with column headers; the first cell of each row is its row header, `numeric` columns align right. */
function table(
  label: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly SafeHtml[]>,
  numeric: readonly number[] = [],
): SafeHtml {
  const cls = (i: number): SafeHtml | false => numeric.includes(i) && html` class="num"`;
  const head = columns.map((c, i) => html`<th scope="col"${cls(i)}>${c}</th>`);
  const body = rows.map(
    ([first, ...rest]) =>
      html`<tr><th scope="row">${first}</th>${rest.map((cell, i) => html`<td${cls(i + 1)}>${cell}</td>`)}</tr>`,
  );
  return html`<div class="table-scroll" role="region" aria-label="${label}" tabindex="0"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

const num = (n: number): SafeHtml => html`${formatCount(n)}`;

function rootCause(r: Report): SafeHtml {
  return html`<p>${r.rootCause.summary}</p>${facts([
    [
      'Service',
      r.rootCause.service === null
        ? html`<span class="muted">${rootServiceText(r)}</span>`
        : html`<code>${r.rootCause.service}</code>`,
    ],
    ['Fault class', faultClassLabel(r.rootCause.faultClass)],
    ['Confidence', html`<span class="confidence">${formatPercent(r.rootCause.confidence)}</span>`],
  ])}`;
}

function affectedServices(r: Report): SafeHtml {
  if (r.affectedServices.length === 0) return none(EMPTY_SECTION_TEXT.affectedServices);
  return table(
    'Affected services',
    TABLE_COLUMNS.affectedServices,
    r.affectedServices.map((s) => [
      html`${s.service}`,
      html`${s.role}`,
      html`<span class="badge health-${s.health}">${s.health}</span>`,
      html`${s.impact}`,
      time(s.firstSeen),
      num(s.errorCount),
    ]),
    [5],
  );
}

function timeline(r: Report): SafeHtml {
  if (r.timeline.length === 0) return none(EMPTY_SECTION_TEXT.timeline);
  const items = r.timeline.map(
    (e) =>
      html`<li><p class="meta">${time(e.at)} · ${e.service} · ${level(e.level)}</p><p><strong>${e.title}</strong></p>${e.detail && html`<p class="detail">${e.detail}</p>`}</li>`,
  );
  return html`<ol class="plain-list">${items}</ol>`;
}

function fixes(r: Report): SafeHtml {
  if (r.fixRecommendations.length === 0) return none(EMPTY_SECTION_TEXT.fixes);
  const items = r.fixRecommendations.map(
    (f) =>
      html`<li><h3>#${f.rank} · ${f.title}</h3><p>${f.rationale}</p><p><strong>Action:</strong> ${f.action}</p>${f.command && codeBlock(f.command)}</li>`,
  );
  return html`<ol class="plain-list">${items}</ol>`;
}

function forensics(r: Report): SafeHtml {
  const { patientZero, propagationPath, blastRadius, trigger, mttdSeconds } = r.forensics;
  return html`<h3>${SUBSECTION_TITLES.patientZero}</h3>${
    patientZero
      ? html`<p class="meta">${time(patientZero.at)} · ${patientZero.service} · ${level(patientZero.level)}</p>${codeBlock(patientZero.text)}`
      : none(EMPTY_SECTION_TEXT.patientZero)
  }<h3>${SUBSECTION_TITLES.propagationPath}</h3><p>${propagationPathText(propagationPath)}</p><h3>${SUBSECTION_TITLES.blastRadius}</h3>${
    blastRadius.length === 0
      ? none(EMPTY_SECTION_TEXT.blastRadius)
      : table(
          'Blast radius',
          TABLE_COLUMNS.blastRadius,
          blastRadius.map((b) => [html`${b.kind}`, html`${b.name}`, html`${b.role}`, html`${b.impact}`]),
        )
  }<h3>${SUBSECTION_TITLES.trigger}</h3>${
    trigger
      ? html`<p><strong>${triggerHeadline(trigger)}</strong></p><p>${trigger.evidence}</p>`
      : none(EMPTY_SECTION_TEXT.trigger)
  }<h3>${SUBSECTION_TITLES.timeToDetect}</h3><p>${timeToDetectText(mttdSeconds)}</p>`;
}

function evidence(r: Report): SafeHtml {
  const { lines, patterns } = r.evidence;
  const lineItems = lines.map(
    (l) =>
      html`<li><p class="meta">${time(l.at)} · ${l.service} · ${level(l.level)} · <code>${l.logGroup}</code></p>${codeBlock(l.text)}</li>`,
  );
  return html`<h3>${SUBSECTION_TITLES.evidenceLines}</h3>${
    lines.length === 0
      ? none(EMPTY_SECTION_TEXT.evidenceLines)
      : html`<ul class="plain-list">${lineItems}</ul>`
  }<h3>${SUBSECTION_TITLES.logPatterns}</h3>${
    patterns.length === 0
      ? none(EMPTY_SECTION_TEXT.logPatterns)
      : table(
          'Log patterns',
          TABLE_COLUMNS.logPatterns,
          patterns.map((p) => [
            html`<code>${p.template}</code>`,
            num(p.count),
            num(p.baselineCount),
            html`${p.services.join(', ')}`,
          ]),
          [1, 2],
        )
  }`;
}

function fiveWhys(r: Report): SafeHtml {
  const items = r.fiveWhys.map(
    (w, i) =>
      html`<li><p><strong>${whyQuestion(i, w.question)}</strong></p><p>${becauseText(w.answer)}</p></li>`,
  );
  return html`<ol class="plain-list">${items}</ol>`;
}

function similarIncidents(r: Report): SafeHtml {
  const frequency = frequencyText(r);
  const lead = frequency ? html`<p><strong>Frequency:</strong> ${frequency}</p>` : html``;
  if (r.similarIncidents.length === 0) return html`${lead}${none(EMPTY_SECTION_TEXT.similarIncidents)}`;
  const fixes = r.similarIncidents.filter((s) => resolutionOf(s));
  return html`${lead}${table(
    'Similar incidents',
    TABLE_COLUMNS.similarIncidents,
    r.similarIncidents.map((s) => [
      html`<code>${s.incidentId}</code>`,
      html`${s.title}`,
      html`${formatPercent(s.similarity)}`,
      html`${faultClassLabel(s.faultClass)}`,
      html`${s.rootCause}`,
      time(s.occurredAt),
    ]),
    [2],
  )}${fixes.length > 0 ? html`<p><strong>What fixed them:</strong></p><ul>${fixes.map((s) => html`<li><code>${s.incidentId}</code>: ${resolutionOf(s) ?? ''}</li>`)}</ul>` : html``}`;
}

function reasoningTrail(r: Report): SafeHtml {
  if (r.reasoningTrail.length === 0) return none(EMPTY_SECTION_TEXT.reasoningTrail);
  const items = r.reasoningTrail.map(
    (s) =>
      html`<li><p class="meta">Step ${s.step} · ${level(s.kind)}${s.tool && html` · tool <code>${s.tool}</code>`}</p><p><strong>${s.title}</strong></p>${s.detail && html`<p class="detail">${s.detail}</p>`}</li>`,
  );
  return html`<ol class="plain-list">${items}</ol>`;
}

function modelAndQuality(r: Report): SafeHtml {
  const checks = r.quality.checks.map((c) => [
    html`${c.name}`,
    html`<span class="badge check-${c.passed ? 'passed' : 'failed'}">${checkResultText(c.passed)}</span>`,
    html`${c.detail}`,
  ]);
  return html`<h3>${SUBSECTION_TITLES.model}</h3>${facts([
    ['Model', modelText(r.model)],
    ['Grounded', yesNo(r.quality.grounded)],
  ])}<h3>${SUBSECTION_TITLES.qualityChecks}</h3>${
    checks.length === 0
      ? none(EMPTY_SECTION_TEXT.qualityChecks)
      : table('Quality checks', TABLE_COLUMNS.qualityChecks, checks)
  }`;
}

function stats(r: Report): SafeHtml {
  const s = r.stats;
  return facts([
    ['Lines scanned', formatCount(s.linesScanned)],
    ['Lines unparsed', formatCount(s.linesUnparsed)],
    [
      'Log groups',
      html`${formatCount(s.logGroups.length)}: ${s.logGroups.map((g, i) => html`${i > 0 && ', '}<code>${g}</code>`)}`,
    ],
    ['Window', scanWindowText(s)],
    ['Analysis time', analysisTimeText(s)],
  ]);
}

/**
 * The first screen: the root cause with its confidence, the first fix with its command, the impact
 * and the main picture (the alarm's metric, else the error lines of the affected services).
 */
function answer(r: Report): SafeHtml {
  const fix = r.fixRecommendations[0];
  const impact = impactText(r);
  const chart = mainChart(r);
  const picture = chart ? lineChart(toChartInput(chart)) : null;
  return html`<div class="answer"><div class="answer-text">
<p class="answer-label">Root cause · <span class="confidence">${formatPercent(r.rootCause.confidence)}</span> confidence</p>
<p class="answer-cause"><strong>${rootCauseHeadline(r)}</strong></p>
<p>${rootCauseDetail(r)}</p>
<p class="answer-label">First fix</p>
${fix ? html`<p><strong>#${fix.rank} · ${fix.title}</strong></p>${fix.command ? codeBlock(fix.command) : html`<p>${fix.action}</p>`}` : none(EMPTY_SECTION_TEXT.fixes)}
</div><div class="answer-picture">${picture}
<p class="answer-label">Impact</p>
<p class="impact">${impact ?? r.severityReason}</p>
</div></div>`;
}

function pictures(r: Report): SafeHtml {
  const drawn = chartsOf(r)
    .map((c) => lineChart(toChartInput(c)))
    .filter((c): c is SafeHtml => c !== null);
  const map = mapOf(r);
  const mapPicture = map ? serviceMap(map) : null;
  if (drawn.length === 0 && !mapPicture) return none(EMPTY_SECTION_TEXT.pictures);
  return html`<div class="charts">${drawn}${mapPicture}</div>`;
}

export const HTML_SECTION_BODIES: Readonly<Record<SectionId, (report: Report) => SafeHtml>> = {
  answer,
  pictures,
  summary: (r) => {
    const limits = limitationsOf(r);
    return limits.length === 0
      ? html`<p>${r.executiveSummary}</p>`
      : html`<p>${r.executiveSummary}</p><div role="note"><p><strong>${LIMITATIONS_TITLE}:</strong></p><ul>${limits.map((l) => html`<li>${l}</li>`)}</ul></div>`;
  },
  'root-cause': rootCause,
  'affected-services': affectedServices,
  timeline,
  fixes,
  forensics,
  evidence,
  'five-whys': fiveWhys,
  'systemic-root-cause': (r) => html`<p>${r.systemicRootCause}</p>`,
  counterfactual: (r) => html`<p>${r.counterfactual}</p>`,
  'similar-incidents': similarIncidents,
  'reasoning-trail': reasoningTrail,
  'model-and-quality': modelAndQuality,
  stats,
};
