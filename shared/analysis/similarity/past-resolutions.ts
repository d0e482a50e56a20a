import type { FixRecommendation } from '../../domain/fix-recommendation.ts';
import type { SimilarIncident } from '../../domain/similar-incident.ts';
import { maskText } from '../redact/index.ts';
import { MAX_FIXES } from '../synthesis/fix-recommendations.ts';
import { RECURRENCE_SIMILARITY } from './rank.ts';

/** At most this many past resolutions lead the fixes; the class's own fixes follow. */
export const MAX_PAST_RESOLUTIONS = 2;

/**
 * Puts "Apply what fixed <id> (<title>)" first for each recurrence (similarity at or above
 * `minSimilarity`) that carries a resolution an engineer recorded, confirmed ones first, then the
 * existing fixes; re-ranked 1..n and at most MAX_FIXES. Unchanged when no recurrence has one.
 */
export function withPastResolutions(
  fixes: readonly FixRecommendation[],
  similar: readonly SimilarIncident[],
  minSimilarity = RECURRENCE_SIMILARITY,
): FixRecommendation[] {
  const resolved = similar
    .filter((s) => s.similarity >= minSimilarity && resolutionOf(s) !== null)
    .sort((a, b) => Number(isConfirmed(b)) - Number(isConfirmed(a)) || b.similarity - a.similarity)
    .slice(0, MAX_PAST_RESOLUTIONS);
  if (resolved.length === 0) return [...fixes];
  const past = resolved.map(
    (s): FixRecommendation => ({
      rank: 0,
      title: oneLine(`Apply what fixed ${s.incidentId} (${s.title})`),
      rationale: `${s.incidentId} on ${s.occurredAt.slice(0, 10)} was ${verdictPhrase(s)}: ${asSentence(s.rootCause)} Similarity ${s.similarity.toFixed(2)}.`,
      action: resolutionOf(s) ?? '',
    }),
  );
  const actions = new Set(past.map((p) => p.action.toLowerCase()));
  const rest = fixes.filter((f) => !actions.has(f.action.trim().toLowerCase()));
  return [...past, ...rest].slice(0, MAX_FIXES).map((fix, i) => ({ ...fix, rank: i + 1 }));
}

function resolutionOf(s: SimilarIncident): string | null {
  // Masked as read from the store too: records written before feedback was masked at the door.
  const text = typeof s.resolution === 'string' ? maskText(s.resolution.trim()) : '';
  return text === '' ? null : text;
}

const isConfirmed = (s: SimilarIncident) => s.verdict === 'confirmed';

const verdictPhrase = (s: SimilarIncident) =>
  isConfirmed(s)
    ? 'the same failure, its root cause confirmed by an engineer'
    : 'a similar failure, its root cause corrected by an engineer';

const asSentence = (text: string) => text.trim().replace(/\.?$/, '.');

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
