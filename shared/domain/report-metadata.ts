import * as z from 'zod';
import { countSchema, oneLineSchema } from './primitives.ts';
import { isoTimestampSchema, parseTimestamp } from './timestamp.ts';

/** How the report was made: the model, the report's self-checks and what was scanned. */

export const MODEL_PROVIDERS = ['bedrock', 'offline'] as const;
export const modelProviderSchema = z.enum(MODEL_PROVIDERS);
export type ModelProvider = z.infer<typeof modelProviderSchema>;

/** `model` (stable). */
export const modelInfoSchema = z.looseObject({
  provider: modelProviderSchema,
  modelId: z.string().min(1),
  inputTokens: countSchema.optional(),
  outputTokens: countSchema.optional(),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

export const qualityCheckSchema = z.looseObject({
  name: oneLineSchema,
  passed: z.boolean(),
  detail: z.string(),
});
export type QualityCheck = z.infer<typeof qualityCheckSchema>;

/** `quality` (stable): the report's own self-checks. */
export const qualitySchema = z.looseObject({
  grounded: z.boolean(),
  checks: z.array(qualityCheckSchema),
});
export type Quality = z.infer<typeof qualitySchema>;

/** `stats` (stable). `logGroups` names the log groups read (renderers count them with `.length`). */
export const scanStatsSchema = z
  .looseObject({
    linesScanned: countSchema,
    linesUnparsed: countSchema,
    logGroups: z.array(z.string().min(1)),
    windowStart: isoTimestampSchema,
    windowEnd: isoTimestampSchema,
    durationMs: z.number().nonnegative(),
  })
  .superRefine((stats, ctx) => {
    if (stats.linesUnparsed > stats.linesScanned) {
      ctx.addIssue({
        code: 'custom',
        path: ['linesUnparsed'],
        message: `linesUnparsed (${stats.linesUnparsed}) exceeds linesScanned (${stats.linesScanned})`,
        input: stats.linesUnparsed,
      });
    }
    const start = parseTimestamp(stats.windowStart);
    const end = parseTimestamp(stats.windowEnd);
    if (start !== null && end !== null && start > end) {
      ctx.addIssue({
        code: 'custom',
        path: ['windowEnd'],
        message: `windowEnd (${stats.windowEnd}) is before windowStart (${stats.windowStart})`,
        input: stats.windowEnd,
      });
    }
  });
export type ScanStats = z.infer<typeof scanStatsSchema>;
