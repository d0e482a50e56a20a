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
  if (narrative.fixRecommendations) {
    out.fixRecommendations = narrative.fixRecommendations.map((f) => ({
      rank: f.rank,
      title: f.title,
      rationale: f.rationale,
      action: f.action,
      ...(f.command ? { command: f.command } : {}),
    }));
  }
  if (narrative.fiveWhys)
    out.fiveWhys = narrative.fiveWhys.map((w) => ({ question: w.question, answer: w.answer }));
  for (const t of narrative.timeline ?? []) {
    const entry = out.timeline[t.index];
    if (entry) out.timeline[t.index] = { ...entry, title: t.title, detail: t.detail };
  }
  return out;
}

function unescapeDeep<T>(value: T): T {
  if (typeof value === 'string') return unescapeTags(value) as T;
  if (Array.isArray(value)) return value.map(unescapeDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescapeDeep(v)])) as T;
  }
  return value;
}
