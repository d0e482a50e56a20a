import type { SimilarIncident } from '../../domain/similar-incident.ts';
import { RECURRENCE_SIMILARITY } from './rank.ts';

export type FrequencyLabelName = 'new' | 'rare' | 'recurring';

/** The report's `frequency` extension field. */
export interface IncidentFrequency {
  label: FrequencyLabelName;
  /** Recurrences (similar incidents at or above the threshold) in the 30 and 90 days up to `now`. */
  last30Days: number;
  last90Days: number;
}

const DAY_MS = 86_400_000;

/**
 * How often this failure has happened before `now`, counting the similar incidents at or above
 * `threshold` (default RECURRENCE_SIMILARITY): recurring with 2 or more in the last 30 days or 3
 * or more in the last 90; rare when it happened before, but less often; new when never.
 */
export function frequencyLabel(
  similar: readonly Pick<SimilarIncident, 'similarity' | 'occurredAt'>[],
  now: Date,
  threshold = RECURRENCE_SIMILARITY,
): IncidentFrequency {
  const at = now.getTime();
  const ages = similar
    .filter((s) => s.similarity >= threshold)
    .map((s) => at - Date.parse(s.occurredAt))
    .filter((age) => age >= 0);
  const last30Days = ages.filter((age) => age <= 30 * DAY_MS).length;
  const last90Days = ages.filter((age) => age <= 90 * DAY_MS).length;
  const label = last30Days >= 2 || last90Days >= 3 ? 'recurring' : ages.length > 0 ? 'rare' : 'new';
  return { label, last30Days, last90Days };
}
