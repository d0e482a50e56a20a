import { InputError } from '../../domain/errors.ts';
import type { IncidentRecord, IncidentStore } from '../../ports/incident-store.ts';
import { maskText } from '../redact/index.ts';

/** An engineer's verdict on a report's root cause. */
export interface FeedbackInput {
  verdict: 'confirmed' | 'corrected';
  /** Required when the verdict is 'corrected': the real root cause. */
  correctedRootCause?: string;
  /** What fixed it; kept from earlier feedback when not given. */
  resolution?: string;
  note?: string;
  /** Who gives it (the console's signed-in user). */
  author?: string;
}

/** Feedback that cannot be recorded: an unknown incident or an incomplete verdict. */
export class FeedbackError extends InputError {}

/**
 * Records the verdict on the incident's record (replacing earlier feedback) and returns the
 * updated record. Confirmed incidents rank first among similar ones; a resolution is carried
 * into the fix recommendations of their recurrences.
 */
export async function recordFeedback(
  store: IncidentStore,
  incidentId: string,
  input: FeedbackInput,
  at: Date = new Date(),
): Promise<IncidentRecord> {
  // Masked at the door: feedback is replayed into the fixes of the next similar incident.
  const corrected = maskText(input.correctedRootCause?.trim() ?? '');
  if (input.verdict === 'corrected' && corrected === '') {
    throw new FeedbackError('a correction needs the real root cause');
  }
  if (input.verdict === 'confirmed' && corrected !== '') {
    throw new FeedbackError('a confirmation takes no corrected root cause');
  }
  const existing = await store.get(incidentId);
  if (!existing) {
    throw new FeedbackError(`no incident ${incidentId} in the incident table: analyze it first`);
  }
  const resolution = maskText(input.resolution?.trim() || existing.resolution || '');
  const note = maskText(input.note?.trim() ?? '');
  const record: IncidentRecord = {
    ...existing,
    ...(resolution ? { resolution } : {}),
    feedback: {
      verdict: input.verdict,
      ...(corrected ? { correctedRootCause: corrected } : {}),
      ...(note ? { note } : {}),
      ...(input.author ? { author: input.author } : {}),
      at: at.toISOString(),
    },
  };
  await store.put(record);
  return record;
}
