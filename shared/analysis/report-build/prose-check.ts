import { whyAnswerText } from '../../domain/five-whys.ts';
import type { Report } from '../../domain/report.ts';

/** Quoted text (log lines, names) is the input's own; only the report's own words are checked. */
const QUOTED = /“[^”]*”|"[^"\n]*"|`[^`\n]*`/g;
const DOUBLED = /\b([A-Za-z]{2,})\s+\1\b/i;
const EMPTY_SENTENCE = /(?:^|[.!?;:])\s*[.!?;](?!\.)|\(\s*\)/;
const EMPTY_QUOTE = /“\s*”/;

/** The report's prose as a reader sees it: every why answer as rendered ("Because …"). */
export function reportProse(report: Report): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [
    { where: 'title', text: report.title },
    { where: 'executive summary', text: report.executiveSummary },
    { where: 'severity reason', text: report.severityReason },
    { where: 'root cause', text: report.rootCause.summary },
    { where: 'systemic root cause', text: report.systemicRootCause },
    { where: 'counterfactual', text: report.counterfactual },
  ];
  report.fiveWhys.forEach((w, i) => {
    out.push({ where: `why #${i + 1}`, text: `${w.question} ${whyAnswerText(w.answer)}` });
  });
  for (const f of report.fixRecommendations) {
    out.push({ where: `fix #${f.rank}`, text: `${f.title}. ${f.rationale} ${f.action}` });
  }
  for (const t of report.timeline) out.push({ where: 'timeline', text: t.title });
  for (const a of report.affectedServices) out.push({ where: `impact of ${a.service}`, text: a.impact });
  const impact = (report as { impact?: { text?: unknown } }).impact?.text;
  if (typeof impact === 'string') out.push({ where: 'impact', text: impact });
  return out;
}

/** The first flaw of a text: a template quoted, a word written twice in a row, or a sentence with nothing in it. */
export function proseFlaw(text: string): string | null {
  if (EMPTY_QUOTE.test(text)) return 'an empty quote';
  // Templates belong in the patterns table; prose quotes the real line.
  if (text.includes('<*>')) return 'a template (<*>) where a real line belongs';
  const own = text.replace(QUOTED, '“”').replace(/\.\.\.|…/g, ' ');
  const doubled = DOUBLED.exec(own.replace(/“”/g, ' '));
  if (doubled) return `"${doubled[1]?.toLowerCase()} ${doubled[1]?.toLowerCase()}"`;
  const empty = EMPTY_SENTENCE.exec(own.replace(/“”/g, 'q'));
  if (empty) return `an empty sentence ("${empty[0].trim()}")`;
  return null;
}

/** Every flaw, with where it is. */
export function proseFlaws(report: Report): string[] {
  return reportProse(report).flatMap(({ where, text }) => {
    const flaw = proseFlaw(text);
    return flaw ? [`${where}: ${flaw}`] : [];
  });
}
