import type { FeedbackInput } from '../analysis/similarity/feedback.ts';

/** The feedback form's field names. */
export const FEEDBACK_FIELDS = {
  token: 'token',
  verdict: 'verdict',
  correctedRootCause: 'correctedRootCause',
  resolution: 'resolution',
  note: 'note',
} as const;

/** Longest accepted text per field (the textareas say the same with maxlength). */
export const MAX_FEEDBACK_TEXT = 2000;

export interface FeedbackFormValues {
  verdict?: 'confirmed' | 'corrected';
  correctedRootCause: string;
  resolution: string;
  note: string;
}

export type FeedbackFormResult =
  | { ok: true; input: FeedbackInput; values: FeedbackFormValues }
  | { ok: false; error: string; values: FeedbackFormValues };

/** The posted form as a `recordFeedback` input, or what is wrong with it (recordFeedback checks the rest). */
export function readFeedbackForm(form: Readonly<Record<string, string>>): FeedbackFormResult {
  const field = (name: string) => (form[name] ?? '').trim();
  const rawVerdict = field(FEEDBACK_FIELDS.verdict);
  const verdict = rawVerdict === 'confirmed' || rawVerdict === 'corrected' ? rawVerdict : undefined;
  const values: FeedbackFormValues = {
    ...(verdict ? { verdict } : {}),
    correctedRootCause: field(FEEDBACK_FIELDS.correctedRootCause),
    resolution: field(FEEDBACK_FIELDS.resolution),
    note: field(FEEDBACK_FIELDS.note),
  };
  if (!verdict) return { ok: false, error: 'Choose whether to confirm or correct the root cause.', values };
  const tooLong = (['correctedRootCause', 'resolution', 'note'] as const).find(
    (name) => values[name].length > MAX_FEEDBACK_TEXT,
  );
  if (tooLong) {
    return { ok: false, error: `Keep each text under ${MAX_FEEDBACK_TEXT} characters.`, values };
  }
  return {
    ok: true,
    values,
    input: {
      verdict,
      ...(values.correctedRootCause ? { correctedRootCause: values.correctedRootCause } : {}),
      ...(values.resolution ? { resolution: values.resolution } : {}),
      ...(values.note ? { note: values.note } : {}),
    },
  };
}
