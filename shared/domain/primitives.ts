import * as z from 'zod';

/** Small value schemas shared by the report sections. */

/** A probability-like score in 0..1 (confidence, similarity). */
export const unitIntervalSchema = z
  .number()
  .min(0, { error: 'expected a number in 0..1' })
  .max(1, { error: 'expected a number in 0..1' });

/** A count of things: a non-negative integer. */
export const countSchema = z.int().nonnegative();

/** Text that must say something. */
export const textSchema = z.string().trim().min(1, { error: 'expected non-empty text' });

/** One line of text (titles): non-empty, no line breaks. */
export const oneLineSchema = textSchema.regex(/^[^\r\n]*$/, { error: 'expected a single line of text' });
