import type { PatientZero } from '../domain/forensics.ts';
import type { Report } from '../domain/report.ts';
import { formatCount, formatPercent, formatUtc } from './format.ts';
import { codeBlock, codeSpan, listItem, paragraph, table, inlineText as text } from './markdown-syntax.ts';
import { neutralise } from './neutralise.ts';
import { chartsOf, chartText, impactText, mainChart } from './report-pictures.ts';
import {
  analysisTimeText,
  becauseText,
  checkResultText,
  EMPTY_SECTION_TEXT,
  faultClassLabel,
  frequencyText,
  INCONCLUSIVE_NOTICE,
  LIMITATIONS_TITLE,
  limitationsOf,
  logLineHeader,
  modelText,
  PRODUCT_NAME,
  propagationPathText,
  resolutionOf,
  rootCauseDetail,
  rootCauseHeadline,
  rootServiceText,
  scanWindowText,
  severityText,
  timeToDetectText,
  triggerHeadline,
  whyQuestion,
  yesNo,
} from './report-text.ts';
import { REPORT_SECTIONS, type SectionId, SUBSECTION_TITLES, TABLE_COLUMNS } from './sections.ts';

const blocks = (...parts: Array<string | false>): string => parts.filter(Boolean).join('\n\n');

/** A `###` heading; `markdown` is already escaped where it holds report text. */
const subheading = (markdown: string): string => `### ${markdown}`;

const field = (name: string, value: string): string => listItem(`**${name}:** ${value}`);

const none = (message: string): string => `_${text(message)}_`;

function header(r: Report): string {
  return blocks(
    `# ${text(r.title)}`,
    [
      field('Incident', codeSpan(r.incidentId)),
      field('Severity', `**${severityText(r)}** — ${text(r.severityReason)}`),
      field('Alarm', codeSpan(r.alarm.name)),
      field('Triggered', formatUtc(r.alarm.triggeredAt)),
    ].join('\n'),
    r.inconclusive && `> **${text(INCONCLUSIVE_NOTICE)}**`,
  );
}

/** A quoted log line: its time, service and level, then the verbatim text as code. */
const logLine = (line: PatientZero, logGroup?: string): string =>
  blocks(
    `**${text(logLineHeader(line))}**${logGroup ? ` · ${codeSpan(logGroup)}` : ''}`,
    codeBlock(line.text),
  );

function forensics(r: Report): string {
  const { patientZero, propagationPath, blastRadius, trigger, mttdSeconds } = r.forensics;
  return blocks(
    subheading(SUBSECTION_TITLES.patientZero),
    patientZero ? logLine(patientZero) : none(EMPTY_SECTION_TEXT.patientZero),
    subheading(SUBSECTION_TITLES.propagationPath),
    text(propagationPathText(propagationPath)),
    subheading(SUBSECTION_TITLES.blastRadius),
    blastRadius.length === 0
      ? none(EMPTY_SECTION_TEXT.blastRadius)
      : table(
          TABLE_COLUMNS.blastRadius,
          blastRadius.map((b) => [b.kind, text(b.name), b.role, text(b.impact)]),
        ),
    subheading(SUBSECTION_TITLES.trigger),
    trigger
      ? blocks(`**${text(triggerHeadline(trigger))}**`, paragraph(trigger.evidence))
      : none(EMPTY_SECTION_TEXT.trigger),
    subheading(SUBSECTION_TITLES.timeToDetect),
    timeToDetectText(mttdSeconds),
  );
}

function evidence(r: Report): string {
  const { lines, patterns } = r.evidence;
  return blocks(
    subheading(SUBSECTION_TITLES.evidenceLines),
    lines.length === 0
      ? none(EMPTY_SECTION_TEXT.evidenceLines)
      : blocks(...lines.map((l) => logLine(l, l.logGroup))),
    subheading(SUBSECTION_TITLES.logPatterns),
    patterns.length === 0
      ? none(EMPTY_SECTION_TEXT.logPatterns)
      : table(
          TABLE_COLUMNS.logPatterns,
          patterns.map((p) => [
            codeSpan(p.template),
            formatCount(p.count),
            formatCount(p.baselineCount),
            text(p.services.join(', ')),
          ]),
          [1, 2],
        ),
  );
}

/** The first screen in text: root cause with its confidence, the first fix with its command, the impact. */
function answer(r: Report): string {
  const fix = r.fixRecommendations[0];
  const chart = mainChart(r);
  return blocks(
    `**Root cause (${formatPercent(r.rootCause.confidence)} confidence):** ${text(rootCauseHeadline(r))}. ${paragraph(rootCauseDetail(r))}`,
    fix
      ? blocks(
          `**First fix:** ${text(fix.title)}`,
          fix.command !== undefined ? codeBlock(fix.command) : paragraph(fix.action),
        )
      : none(EMPTY_SECTION_TEXT.fixes),
    `**Impact:** ${paragraph(impactText(r) ?? r.severityReason)}`,
    chart !== null &&
      `**Picture:** ${paragraph(chartText(chart))} _(drawn in report.html; the series are in report.json)_`,
  );
}

function pictures(r: Report): string {
  const charts = chartsOf(r);
  if (charts.length === 0) return none(EMPTY_SECTION_TEXT.pictures);
  return `${charts.map((c) => listItem(paragraph(chartText(c)))).join('\n')}\n\n_The pictures are drawn in report.html; the series behind them are in report.json._`;
}

const MARKDOWN_SECTION_BODIES: Readonly<Record<SectionId, (report: Report) => string>> = {
  answer,
  pictures,
  summary: (r) => {
    const limits = limitationsOf(r);
    if (limits.length === 0) return paragraph(r.executiveSummary);
    return `${paragraph(r.executiveSummary)}\n\n**${LIMITATIONS_TITLE}:**\n\n${limits.map((l) => `- ${paragraph(l)}`).join('\n')}`;
  },
  'root-cause': (r) =>
    blocks(
      paragraph(r.rootCause.summary),
      [
        field(
          'Service',
          r.rootCause.service === null ? `_${rootServiceText(r)}_` : text(r.rootCause.service),
        ),
        field('Fault class', faultClassLabel(r.rootCause.faultClass)),
        field('Confidence', formatPercent(r.rootCause.confidence)),
      ].join('\n'),
    ),
  'affected-services': (r) =>
    r.affectedServices.length === 0
      ? none(EMPTY_SECTION_TEXT.affectedServices)
      : table(
          TABLE_COLUMNS.affectedServices,
          r.affectedServices.map((s) => [
            text(s.service),
            s.role,
            s.health,
            text(s.impact),
            formatUtc(s.firstSeen),
            formatCount(s.errorCount),
          ]),
          [5],
        ),
  timeline: (r) =>
    r.timeline.length === 0
      ? none(EMPTY_SECTION_TEXT.timeline)
      : r.timeline
          .map((e) =>
            listItem(
              `**${formatUtc(e.at)}** · ${text(e.service)} · ${e.level} — **${text(e.title)}**${e.detail.trim() ? '\\' : ''}`,
              ...(e.detail.trim() ? [paragraph(e.detail)] : []),
            ),
          )
          .join('\n'),
  fixes: (r) =>
    r.fixRecommendations.length === 0
      ? none(EMPTY_SECTION_TEXT.fixes)
      : blocks(
          ...r.fixRecommendations.map((f) =>
            blocks(
              subheading(`#${f.rank} · ${text(f.title)}`),
              paragraph(f.rationale),
              `**Action:** ${paragraph(f.action)}`,
              f.command !== undefined && codeBlock(f.command),
            ),
          ),
        ),
  forensics,
  evidence,
  'five-whys': (r) =>
    blocks(
      ...r.fiveWhys.map(
        (w, i) => `**${text(whyQuestion(i, w.question))}**\\\n${paragraph(becauseText(w.answer))}`,
      ),
    ),
  'systemic-root-cause': (r) => paragraph(r.systemicRootCause),
  counterfactual: (r) => paragraph(r.counterfactual),
  'similar-incidents': (r) => {
    const frequency = frequencyText(r);
    const lead = frequency ? `**Frequency:** ${paragraph(frequency)}\n\n` : '';
    const fixes = r.similarIncidents
      .filter((s) => resolutionOf(s))
      .map((s) => `- ${codeSpan(s.incidentId)}: ${paragraph(resolutionOf(s) ?? '')}`);
    const tail = fixes.length > 0 ? `\n\n**What fixed them:**\n\n${fixes.join('\n')}` : '';
    return `${lead}${
      r.similarIncidents.length === 0
        ? none(EMPTY_SECTION_TEXT.similarIncidents)
        : table(
            TABLE_COLUMNS.similarIncidents,
            r.similarIncidents.map((s) => [
              codeSpan(s.incidentId),
              text(s.title),
              formatPercent(s.similarity),
              faultClassLabel(s.faultClass),
              text(s.rootCause),
              formatUtc(s.occurredAt),
            ]),
            [2],
          )
    }${tail}`;
  },
  'reasoning-trail': (r) =>
    r.reasoningTrail.length === 0
      ? none(EMPTY_SECTION_TEXT.reasoningTrail)
      : r.reasoningTrail
          .map((s) =>
            listItem(
              `**Step ${s.step} · ${s.kind}** · ${text(s.title)}${s.tool ? ` · tool ${codeSpan(s.tool)}` : ''}${s.detail.trim() ? '\\' : ''}`,
              ...(s.detail.trim() ? [paragraph(s.detail)] : []),
            ),
          )
          .join('\n'),
  'model-and-quality': (r) =>
    blocks(
      subheading(SUBSECTION_TITLES.model),
      [field('Model', text(modelText(r.model))), field('Grounded', yesNo(r.quality.grounded))].join('\n'),
      subheading(SUBSECTION_TITLES.qualityChecks),
      r.quality.checks.length === 0
        ? none(EMPTY_SECTION_TEXT.qualityChecks)
        : table(
            TABLE_COLUMNS.qualityChecks,
            r.quality.checks.map((c) => [text(c.name), `**${checkResultText(c.passed)}**`, text(c.detail)]),
          ),
    ),
  stats: (r) =>
    [
      field('Lines scanned', formatCount(r.stats.linesScanned)),
      field('Lines unparsed', formatCount(r.stats.linesUnparsed)),
      field(
        'Log groups',
        `${formatCount(r.stats.logGroups.length)}: ${r.stats.logGroups.map(codeSpan).join(', ')}`,
      ),
      field('Window', scanWindowText(r.stats)),
      field('Analysis time', analysisTimeText(r.stats)),
    ].join('\n'),
};

/** The report as GitHub-flavoured Markdown: the HTML page's sections, in the same order. */
export function renderMarkdown(report: Report): string {
  // Control characters, terminal escapes and bidi overrides shown as visible escapes (neutralise.ts).
  return neutralise(
    `${blocks(
      header(report),
      ...REPORT_SECTIONS.map((s) => blocks(`## ${s.title}`, MARKDOWN_SECTION_BODIES[s.id](report))),
      '---',
      `_Generated by ${PRODUCT_NAME} for ${codeSpan(report.incidentId)}._`,
    )}\n`,
  );
}
