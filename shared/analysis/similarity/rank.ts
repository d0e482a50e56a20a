import type { FaultClass } from '../../domain/fault-class.ts';
import type { SimilarIncident } from '../../domain/similar-incident.ts';
import type { IncidentRecord } from '../../ports/incident-store.ts';
import { blendSimilarity, cosine, type IncidentEmbeddings } from './embeddings.ts';
import { inverseDocumentFrequency, lexicalSimilarity } from './lexical-similarity.ts';

/** Below this a past incident is not listed as similar: sharing only the class or a few words is not enough. */
export const MIN_SIMILARITY = 0.35;
/** From this on a past incident counts as a recurrence: at least the same failure in the same place. */
export const RECURRENCE_SIMILARITY = 0.6;
/**
 * Added to a confirmed incident's similarity (capped at 1): an engineer checked its root cause, so
 * it goes first among comparable scores (within 0.1) without lifting an unrelated incident in.
 */
export const CONFIRMED_BONUS = 0.1;

/** The incident being analyzed, as ranking sees it. */
export interface SimilarityQuery {
  incidentId: string;
  signature: readonly string[];
  rootService: string | null;
  faultClass: FaultClass;
}

export interface RankOptions {
  /** Default MIN_SIMILARITY. */
  minSimilarity?: number;
  /** At most this many, best first (default: all above the minimum). */
  limit?: number;
  /** When given, the cosine of the embeddings is blended into the lexical score (`blendSimilarity`). */
  embeddings?: IncidentEmbeddings;
}

/** A similar incident with what feedback left on it: extension fields of `similarIncidents`. */
export type RankedIncident = SimilarIncident & {
  verdict?: 'confirmed' | 'corrected';
  resolution?: string;
};

/**
 * Ranks past incidents by similarity to the current one, best first, scores in 0..1 rounded to
 * 0.01: the lexical similarity (`lexicalSimilarity`, word weights by inverse document frequency
 * over the current incident and the candidates), blended with the embedding cosine when embeddings
 * are given, plus CONFIRMED_BONUS for a confirmed incident. Ties go to the confirmed one, then to
 * the one closest in time to `now`. The current incident is never in the list; a corrected
 * incident shows its corrected root cause; an incident with a resolution carries it.
 */
export function rankSimilar(
  current: SimilarityQuery,
  candidates: readonly IncidentRecord[],
  now: Date,
  options: RankOptions = {},
): RankedIncident[] {
  const minSimilarity = options.minSimilarity ?? MIN_SIMILARITY;
  const byId = new Map<string, IncidentRecord>();
  for (const c of candidates) if (c.incidentId !== current.incidentId) byId.set(c.incidentId, c);
  const others = [...byId.values()];
  const idf = inverseDocumentFrequency([current.signature, ...others.map((c) => c.signature)]);
  const ranked: RankedIncident[] = [];
  for (const c of others) {
    const lexical = lexicalSimilarity(current, c, idf);
    const vector = options.embeddings?.byIncident.get(c.incidentId);
    const base =
      options.embeddings && vector
        ? blendSimilarity(lexical, cosine(options.embeddings.current, vector))
        : lexical;
    if (base < minSimilarity) continue;
    const confirmed = c.feedback?.verdict === 'confirmed';
    ranked.push(toSimilar(c, round2(Math.min(1, base + (confirmed ? CONFIRMED_BONUS : 0)))));
  }
  const distance = (s: SimilarIncident) => Math.abs(Date.parse(s.occurredAt) - now.getTime());
  ranked.sort(
    (a, b) =>
      b.similarity - a.similarity ||
      Number(b.verdict === 'confirmed') - Number(a.verdict === 'confirmed') ||
      distance(a) - distance(b) ||
      a.incidentId.localeCompare(b.incidentId),
  );
  return options.limit === undefined ? ranked : ranked.slice(0, Math.max(0, options.limit));
}

function toSimilar(c: IncidentRecord, similarity: number): RankedIncident {
  return {
    incidentId: c.incidentId,
    title: c.title,
    similarity,
    faultClass: c.faultClass,
    rootCause: c.feedback?.correctedRootCause || c.rootCause,
    occurredAt: c.occurredAt,
    ...(c.feedback ? { verdict: c.feedback.verdict } : {}),
    ...(c.resolution ? { resolution: c.resolution } : {}),
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
