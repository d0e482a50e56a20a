import * as z from 'zod';
import { textSchema } from './primitives.ts';

/**
 * One of the five whys, as a question and its answer, so renderers can show
 * "Why #n: <question>" / "Because <answer>" without parsing text. Each question asks about the
 * previous answer (the first about the alarm's symptom).
 */
export const whySchema = z.looseObject({
  question: textSchema,
  answer: textSchema,
});
export type Why = z.infer<typeof whySchema>;

export const FIVE_WHYS_COUNT = 5;

/** Comparison key of an answer: case, spacing and trailing punctuation ignored. */
function answerKey(answer: string): string {
  return answer
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?;:]+$/, '')
    .trim();
}

/** `fiveWhys` (stable): exactly five, with distinct answers (a why that repeats another explains nothing). */
export const fiveWhysSchema = z.array(whySchema).superRefine((whys, ctx) => {
  if (whys.length !== FIVE_WHYS_COUNT) {
    ctx.addIssue({
      code: 'custom',
      message: `expected exactly ${FIVE_WHYS_COUNT} whys, got ${whys.length}`,
      input: whys,
    });
  }
  const firstIndexOf = new Map<string, number>();
  whys.forEach((why, i) => {
    const key = answerKey(why.answer);
    const earlier = firstIndexOf.get(key);
    if (earlier !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'answer'],
        message: `why #${i + 1} repeats the answer of why #${earlier + 1}; each why must add a new cause`,
        input: why.answer,
      });
    } else {
      firstIndexOf.set(key, i);
    }
  });
});

/**
 * An answer as read after its question: `Because …`, exactly once. Answers may be written with or
 * without their leading "Because" (the offline writer and models do both); a capitalised first
 * word is lower-cased, never an acronym (`OOMKilled`).
 */
export function whyAnswerText(answer: string): string {
  const text = answer.trim();
  const rest = /^because\b[\s,:]*/i.exec(text) ? text.replace(/^because\b[\s,:]*/i, '') : text;
  if (rest === '') return 'Because of reasons the evidence does not state.';
  const capitalisedWord = /^[A-Z][a-z]/.test(rest);
  return `Because ${capitalisedWord ? rest.charAt(0).toLowerCase() + rest.slice(1) : rest}`;
}
