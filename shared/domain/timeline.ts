import * as z from 'zod';
import { LOG_LEVELS } from './log-event.ts';
import { oneLineSchema } from './primitives.ts';
import { isoTimestampSchema, parseTimestamp } from './timestamp.ts';

export const logLevelSchema = z.enum(LOG_LEVELS);

/** One entry of `timeline` (stable). */
export const timelineEntrySchema = z.looseObject({
  at: isoTimestampSchema,
  service: z.string().min(1),
  level: logLevelSchema,
  title: oneLineSchema,
  detail: z.string(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** `timeline`: entries in time order (equal times allowed). */
export const timelineSchema = z.array(timelineEntrySchema).superRefine((entries, ctx) => {
  let previous: { index: number; at: string; ms: number } | undefined;
  entries.forEach((entry, i) => {
    const ms = parseTimestamp(entry.at);
    if (ms === null) return;
    if (previous && ms < previous.ms) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'at'],
        message: `timeline is not in time order: entry ${i} (${entry.at}) comes before entry ${previous.index} (${previous.at})`,
        input: entry.at,
      });
    }
    previous = { index: i, at: entry.at, ms };
  });
});
