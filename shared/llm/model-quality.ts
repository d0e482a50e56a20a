import { containsSecret } from '../analysis/redact/index.ts';
import { proseConsistencyChecks } from '../analysis/report-build/quality.ts';
import { parseReport, type Report } from '../domain/report.ts';
import type { QualityCheck } from '../domain/report-metadata.ts';
import type { Narrative, NarrativeField } from './narrative-schema.ts';
import { NARRATIVE_FIELDS } from './narrative-schema.ts';
import type { FieldIssue } from './validate.ts';

const MAX_DETAIL = 1_500;

export function check(name: string, passed: boolean, detail: string): QualityCheck {
  return {
    name,
    passed,
    detail: detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 3)}...` : detail,
  };
}

/** The report's checks with `replacements` put in place of the checks of the same name (or appended). */
export function replaceChecks(checks: QualityCheck[], replacements: QualityCheck[]): QualityCheck[] {
  const names = new Set(replacements.map((c) => c.name));
  return [...checks.filter((c) => !names.has(c.name)), ...replacements];
}

const FIELD_LABELS: Readonly<Record<NarrativeField, string>> = {
  executiveSummary: 'executiveSummary',
  rootCause: 'rootCause.summary',
  severityReason: 'severityReason',
  timeline: 'timeline',
  fixRecommendations: 'fixRecommendations',
  fiveWhys: 'fiveWhys',
  systemicRootCause: 'systemicRootCause',
  counterfactual: 'counterfactual',
};

/**
 * Which sections the model wrote and which kept the offline text, and why: each round's first
 * problem with each section that stayed offline.
 */
export function fieldsReplacedCheck(
  narrative: Partial<Narrative>,
  rounds: FieldIssue[][],
  timelineShown: number,
): QualityCheck {
  const why = (matches: (i: FieldIssue) => boolean) =>
    [
      ...new Set(
        rounds.map((issues) => issues.find((i) => i.rejected && matches(i))?.problem).filter(Boolean),
      ),
    ].join('; then ') || 'not written';
  const written: string[] = [];
  const kept: string[] = [];
  for (const field of NARRATIVE_FIELDS) {
    if (field === 'timeline') continue;
    if (narrative[field] !== undefined) written.push(FIELD_LABELS[field]);
    else kept.push(`${FIELD_LABELS[field]} (${why((i) => i.field === field || i.field === 'answer')})`);
  }
  const retitled = new Set((narrative.timeline ?? []).map((t) => t.index));
  const refused = new Set(
    rounds
      .flat()
      .filter((i) => i.rejected && /^timeline\[\d+]$/.test(i.field))
      .map((i) => i.field),
  );
  for (const field of refused) {
    if (!retitled.has(Number(/\d+/.exec(field)?.[0])))
      kept.push(`${field} (${why((i) => i.field === field)})`);
  }
  return check(
    'model-fields-replaced',
    kept.length === 0,
    `${kept.length > 0 ? `Kept the offline text for: ${kept.join('; ')}. ` : "Every section is the model's. "}The model wrote: ${written.join(', ') || 'nothing'}; it retitled ${retitled.size} of ${timelineShown} timeline entries shown.`,
  );
}

/** What the model got wrong, round by round (ignored fact fields included). */
export function groundingCheck(rounds: { label: string; issues: FieldIssue[] }[]): QualityCheck {
  const wrong = rounds.filter((r) => r.issues.length > 0);
  const rejected = rounds.some((r) => r.issues.some((i) => i.rejected));
  return check(
    'model-grounding',
    !rejected,
    wrong.length === 0
      ? `Every section the model wrote names only services in the evidence, quotes only verbatim lines, mentions only times of the timeline and agrees with the findings.`
      : wrong
          .map(
            (r) =>
              `${r.label}: ${r.issues.map((i) => `${i.field} ${i.problem}${i.rejected ? '' : ' (ignored)'}`).join('; ')}`,
          )
          .join('. '),
  );
}

/**
 * The report-level checks the new prose can change, recomputed on the final report. Secrets are
 * looked for in the prose only: the rest is the offline report, whose own check still holds.
 */
export function proseChecks(report: Report, offline: Report, masked: string): QualityCheck[] {
  const schema = parseReport(report);
  const [whys, ...rest] = proseConsistencyChecks(report);
  return [
    ...(whys ? [whys] : []),
    check(
      'secrets-redacted',
      (offline.quality.checks.find((c) => c.name === 'secrets-redacted')?.passed ?? true) &&
        !containsSecret(JSON.stringify(narrativeOf(report))),
      masked || "No secret or personal data found in the quoted text or the model's text.",
    ),
    check('schema-valid', schema.ok, schema.ok ? 'The report matches the contract schema.' : schema.error),
    ...rest,
  ];
}

/** The parts of a report a model may write. */
export function narrativeOf(report: Report) {
  return {
    executiveSummary: report.executiveSummary,
    rootCause: report.rootCause.summary,
    severityReason: report.severityReason,
    timeline: report.timeline.map((t) => [t.title, t.detail]),
    fixRecommendations: report.fixRecommendations,
    fiveWhys: report.fiveWhys,
    systemicRootCause: report.systemicRootCause,
    counterfactual: report.counterfactual,
  };
}
