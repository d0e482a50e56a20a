import type { FaultClass } from '../../domain/fault-class.ts';
import { tokenKind } from './signature.ts';

/** What the lexical similarity compares of an incident. */
export interface ComparableIncident {
  signature: readonly string[];
  rootService: string | null;
  faultClass: FaultClass;
}

/** The share of each part in the lexical similarity (they sum to 1). */
export const LEXICAL_WEIGHTS = { faultClass: 0.3, rootService: 0.3, services: 0.1, words: 0.3 } as const;

/**
 * The lexical similarity of two incidents, in 0..1:
 *
 *   0.3 × same fault class (never for 'unknown')
 * + 0.3 × same root-cause service (never when unknown)
 * + 0.1 × Jaccard of their `service:<name>:<role>` tokens
 * + 0.3 × weighted Jaccard of their template words, a word weighing its inverse document
 *         frequency `idf` (words most incidents share, like "failed", count least)
 *
 * So the same failure in the same place scores at least 0.6 whatever its wording, and the same
 * words elsewhere (another class, another root) at most 0.4.
 */
export function lexicalSimilarity(
  a: ComparableIncident,
  b: ComparableIncident,
  idf: (word: string) => number = () => 1,
): number {
  const sameClass = a.faultClass !== 'unknown' && a.faultClass === b.faultClass;
  const sameRoot = a.rootService !== null && a.rootService === b.rootService;
  const score =
    LEXICAL_WEIGHTS.faultClass * Number(sameClass) +
    LEXICAL_WEIGHTS.rootService * Number(sameRoot) +
    LEXICAL_WEIGHTS.services * jaccard(ofKind(a.signature, 'service'), ofKind(b.signature, 'service')) +
    LEXICAL_WEIGHTS.words * jaccard(ofKind(a.signature, 'word'), ofKind(b.signature, 'word'), idf);
  return Math.min(1, Math.max(0, score));
}

/**
 * Inverse document frequency over a pool of signatures, smoothed so every word weighs at least 1:
 * `ln((n + 1) / (df + 1)) + 1`, with n the pool size and df the signatures holding the word.
 */
export function inverseDocumentFrequency(pool: readonly (readonly string[])[]): (word: string) => number {
  const df = new Map<string, number>();
  for (const signature of pool) {
    for (const word of new Set(ofKind(signature, 'word'))) df.set(word, (df.get(word) ?? 0) + 1);
  }
  const n = pool.length;
  return (word) => Math.log((n + 1) / ((df.get(word) ?? 0) + 1)) + 1;
}

function ofKind(signature: readonly string[], kind: ReturnType<typeof tokenKind>): Set<string> {
  return new Set(signature.filter((t) => tokenKind(t) === kind));
}

/** Weighted Jaccard: the weight of the shared tokens over the weight of all; 0 when both are empty. */
function jaccard(a: Set<string>, b: Set<string>, weight: (token: string) => number = () => 1): number {
  let shared = 0;
  let all = 0;
  for (const token of new Set([...a, ...b])) {
    const w = weight(token);
    all += w;
    if (a.has(token) && b.has(token)) shared += w;
  }
  return all === 0 ? 0 : shared / all;
}
