import * as z from 'zod';
import { oneLineSchema, textSchema } from './primitives.ts';

/** One entry of `fixRecommendations` (stable). `command` fits the platform seen in the logs. */
export const fixRecommendationSchema = z.looseObject({
  rank: z.int().positive(),
  title: oneLineSchema,
  rationale: textSchema,
  action: textSchema,
  command: z.string().min(1).optional(),
});
export type FixRecommendation = z.infer<typeof fixRecommendationSchema>;

/** `fixRecommendations`: ranked 1..n in array order. */
export const fixRecommendationsSchema = z.array(fixRecommendationSchema).superRefine((fixes, ctx) => {
  fixes.forEach((fix, i) => {
    if (fix.rank !== i + 1) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'rank'],
        message: `fix recommendations must be ranked 1..${fixes.length} in order: entry ${i} has rank ${fix.rank}, expected ${i + 1}`,
        input: fix.rank,
      });
    }
  });
});
