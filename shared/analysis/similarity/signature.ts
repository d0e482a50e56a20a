import type { Report } from '../../domain/report.ts';

/**
 * Signature tokens are tagged by what they say: `class:<fault class>`, `root:<root-cause service>`,
 * `service:<name>:<role>`; an untagged token is a constant word of an error template.
 */
export type SignatureTokenKind = 'class' | 'root' | 'service' | 'word';

export function tokenKind(token: string): SignatureTokenKind {
  if (token.startsWith('class:')) return 'class';
  if (token.startsWith('root:')) return 'root';
  if (token.startsWith('service:')) return 'service';
  return 'word';
}

/** Enough words to tell templates apart, few enough to keep an incident record small. */
export const MAX_SIGNATURE_WORDS = 48;

const WORD = /[a-z][a-z0-9_.-]*[a-z0-9]/g;
// Digit runs a miner left unmasked are ids or counts, not the template's wording.
const VARIABLE_LOOKING = /\d{3,}/;
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
  'into',
  'than',
  'but',
  'its',
  'via',
  'per',
]);

interface SignaturePattern {
  template: string;
  status?: string;
}

/**
 * An incident's signature for similarity: its fault class, its root-cause service, its services
 * with their roles, and the constant words of its new and spiking error templates (variables are
 * masked by the miner; noise is left out), most significant template first. The similarity
 * (`lexicalSimilarity`) weighs the tagged tokens so "the same failure in the same place" outranks
 * "the same words elsewhere".
 */
export function incidentSignature(report: Report): string[] {
  const tags = new Set<string>([`class:${report.rootCause.faultClass}`]);
  if (report.rootCause.service) tags.add(`root:${report.rootCause.service}`);
  for (const a of report.affectedServices) tags.add(`service:${a.service}:${a.role}`);
  const words = new Set<string>();
  for (const p of report.evidence.patterns as SignaturePattern[]) {
    if (p.status === 'noise') continue;
    for (const word of templateWords(p.template)) {
      if (words.size >= MAX_SIGNATURE_WORDS) break;
      words.add(word);
    }
  }
  return [...tags, ...words].sort();
}

/** The constant words of a mined template: `<*>` variables, stop words and leftover ids removed. */
export function templateWords(template: string): string[] {
  const found = template.toLowerCase().replace(/<\*>/g, ' ').match(WORD) ?? [];
  return found.filter((w) => w.length >= 3 && !STOP.has(w) && !VARIABLE_LOOKING.test(w));
}

/**
 * Weighted Jaccard over two signatures: structural tokens (class, root, services) weigh more than
 * words. Kept for callers of the first version; ranking uses `lexicalSimilarity`.
 */
export function signatureSimilarity(a: readonly string[], b: readonly string[]): number {
  const weight = (t: string) => ({ class: 3, root: 3, service: 2, word: 1 })[tokenKind(t)];
  const setA = new Set(a);
  const setB = new Set(b);
  let inter = 0;
  let union = 0;
  for (const t of new Set([...a, ...b])) {
    const w = weight(t);
    union += w;
    if (setA.has(t) && setB.has(t)) inter += w;
  }
  return union === 0 ? 0 : inter / union;
}
