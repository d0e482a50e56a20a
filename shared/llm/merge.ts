import type { FixRecommendation } from '../domain/fix-recommendation.ts';
import type { Report } from '../domain/report.ts';
import type { Narrative } from './narrative-schema.ts';
import { unescapeTags } from './untrusted.ts';

/** The best valid version of each field: the repair round's, else the first answer's. */
export function combineValid(
  first: Partial<Narrative>,
  repair: Partial<Narrative> | null,
): Partial<Narrative> {
  if (!repair) return first;
  const out: Partial<Narrative> = { ...first, ...stripUndefined(repair) };
  const byIndex = new Map((first.timeline ?? []).map((t) => [t.index, t]));
  for (const t of repair.timeline ?? []) byIndex.set(t.index, t);
  out.timeline = [...byIndex.values()].sort((a, b) => a.index - b.index);
  return out;
}

function stripUndefined(n: Partial<Narrative>): Partial<Narrative> {
  return Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined)) as Partial<Narrative>;
}

/**
 * The report with the model's valid prose in place of the offline text. Only prose is written:
 * every fact (root cause service, class, confidence, severity, affected services, timeline times,
 * evidence) is the offline report's, whatever the narrative holds.
 */
export function mergeNarrative(report: Report, written: Partial<Narrative>): Report {
  const out = structuredClone(report);
  // The prompt showed `<` of tags as `&lt;` (placeholders such as `<namespace>` included); the report holds the real text.
  const narrative = unescapeDeep(written);
  if (narrative.executiveSummary) out.executiveSummary = narrative.executiveSummary;
  if (narrative.rootCause) out.rootCause = { ...out.rootCause, summary: narrative.rootCause.summary };
  if (narrative.severityReason) out.severityReason = narrative.severityReason;
  if (narrative.systemicRootCause) out.systemicRootCause = narrative.systemicRootCause;
  if (narrative.counterfactual) out.counterfactual = narrative.counterfactual;
  if (narrative.fixRecommendations)
    out.fixRecommendations = explainedFixes(report, narrative.fixRecommendations);
  if (narrative.fiveWhys)
    out.fiveWhys = narrative.fiveWhys.map((w) => ({ question: w.question, answer: w.answer }));
  for (const t of narrative.timeline ?? []) {
    const entry = out.timeline[t.index];
    if (entry) out.timeline[t.index] = { ...entry, title: t.title, detail: t.detail };
  }
  return out;
}

/**
 * The engine's fixes in the model's order, with the model's titles and rationales: each model entry
 * explains one draft fix (`source`, else the same rank), whose action and command are kept as the
 * engine wrote them. Draft fixes the model left out follow, as drafted.
 */
function explainedFixes(report: Report, written: Narrative['fixRecommendations']): FixRecommendation[] {
  const drafts = report.fixRecommendations;
  const used = new Set<number>();
  const out: FixRecommendation[] = [];
  for (const f of [...written].sort((a, b) => a.rank - b.rank)) {
    const at = draftIndex(drafts, f);
    const draft = drafts[at];
    if (!draft || used.has(at)) continue;
    used.add(at);
    out.push({ ...draft, title: f.title, rationale: f.rationale });
  }
  drafts.forEach((d, i) => {
    if (!used.has(i)) out.push({ ...d });
  });
  return out.map((f, i) => ({ ...f, rank: i + 1 }));
}

/** The draft a model fix explains: its `source`; else the draft whose command or action it repeats; else its rank's. */
function draftIndex(
  drafts: readonly FixRecommendation[],
  f: Narrative['fixRecommendations'][number],
): number {
  if (f.source !== undefined) return f.source - 1;
  const byCommand = f.command ? drafts.findIndex((d) => d.command === f.command) : -1;
  if (byCommand !== -1) return byCommand;
  const byAction = f.action ? drafts.findIndex((d) => d.action === f.action) : -1;
  return byAction !== -1 ? byAction : f.rank - 1;
}

function unescapeDeep<T>(value: T): T {
  if (typeof value === 'string') return unescapeTags(value) as T;
  if (Array.isArray(value)) return value.map(unescapeDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescapeDeep(v)])) as T;
  }
  return value;
}
