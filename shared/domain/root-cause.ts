import * as z from 'zod';
import { faultClassSchema } from './fault-class.ts';
import { textSchema, unitIntervalSchema } from './primitives.ts';

/**
 * `rootCause` (stable): where the fault originates. `service` is null when the report is
 * inconclusive; `confidence` (0..1) is derived from the evidence.
 */
export const rootCauseSchema = z.looseObject({
  summary: textSchema,
  service: z.string().min(1).nullable(),
  faultClass: faultClassSchema,
  confidence: unitIntervalSchema,
});
export type RootCause = z.infer<typeof rootCauseSchema>;
