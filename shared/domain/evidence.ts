import * as z from 'zod';
import { countSchema } from './primitives.ts';
import { logLevelSchema } from './timeline.ts';
import { isoTimestampSchema } from './timestamp.ts';

/** One quoted log line (stable): `text` is verbatim from the input, secrets masked as `[REDACTED:kind]`. */
export const evidenceLineSchema = z.looseObject({
  at: isoTimestampSchema,
  logGroup: z.string().min(1),
  service: z.string().min(1),
  level: logLevelSchema,
  text: z.string().min(1),
});
export type EvidenceLine = z.infer<typeof evidenceLineSchema>;

/** One mined log template (stable): its count in the incident window vs the baseline. */
export const logPatternSchema = z.looseObject({
  template: z.string().min(1),
  count: countSchema,
  baselineCount: countSchema,
  services: z.array(z.string().min(1)),
});
export type LogPattern = z.infer<typeof logPatternSchema>;

/** The report's `evidence` section (stable). */
export const reportEvidenceSchema = z.looseObject({
  lines: z.array(evidenceLineSchema),
  patterns: z.array(logPatternSchema),
});
export type ReportEvidence = z.infer<typeof reportEvidenceSchema>;
