import type { Report } from '../../domain/report.ts';

const WORD = /[a-z][a-z0-9_.-]{2,}/g;
const STOP = new Set([
  'the',
  'and',
  'for',
  'with',
  'from',
  'was',
  'not',
  'are',
  'has',
  'have',
  'this',
  'that',
  'after',
  'over',
]);

/**
 * An incident's signature for similarity: its fault class, its services with their roles, and the
 * constant words of its new and spiking error templates (variables are already masked out), so
 * "the same failure in the same place" shares most of it and "the same words elsewhere" little.
 */
export function incidentSignature(report: Report): string[] {
  const tokens = new Set<string>();
  tokens.add(`class:${report.rootCause.faultClass}`);
  if (report.rootCause.service) tokens.add(`root:${report.rootCause.service}`);
  for (const a of report.affectedServices) tokens.add(`service:${a.service}:${a.role}`);
  const patterns = report.evidence.patterns as { template: string; status?: string }[];
  for (const p of patterns) {
    if (p.status === 'noise') continue;
    for (const w of p.template.toLowerCase().replace(/<\*>/g, ' ').match(WORD) ?? [])
      if (!STOP.has(w)) tokens.add(w);
  }
  return [...tokens].sort();
}

/** Weighted Jaccard over two signatures: structural tokens (class, root, services) weigh more than words. */
export function signatureSimilarity(a: readonly string[], b: readonly string[]): number {
  const weight = (t: string) =>
    t.startsWith('class:') || t.startsWith('root:') ? 3 : t.startsWith('service:') ? 2 : 1;
  const setB = new Set(b);
  let inter = 0;
  let union = 0;
  for (const t of new Set([...a, ...b])) {
    const w = weight(t);
    union += w;
    if (setB.has(t) && a.includes(t)) inter += w;
  }
  return union === 0 ? 0 : inter / union;
}
