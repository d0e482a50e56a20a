import * as z from 'zod';
import { faultClassSchema } from './fault-class.ts';
import { incidentIdSchema } from './incident-id.ts';
import { textSchema, unitIntervalSchema } from './primitives.ts';
import { isoTimestampSchema } from './timestamp.ts';

/** One entry of `similarIncidents` (stable): a past incident; `rootCause` is its root-cause summary. */
export const similarIncidentSchema = z.looseObject({
  incidentId: incidentIdSchema,
  title: textSchema,
  similarity: unitIntervalSchema,
  faultClass: faultClassSchema,
  rootCause: textSchema,
  occurredAt: isoTimestampSchema,
});
export type SimilarIncident = z.infer<typeof similarIncidentSchema>;

/** `similarIncidents`: best first (similarity never increases). */
export const similarIncidentsSchema = z.array(similarIncidentSchema).superRefine((incidents, ctx) => {
  incidents.forEach((incident, i) => {
    const previous = i > 0 ? incidents[i - 1] : undefined;
    if (previous && incident.similarity > previous.similarity) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'similarity'],
        message: `similar incidents must be best first: entry ${i} (${incident.similarity}) is more similar than entry ${i - 1} (${previous.similarity})`,
        input: incident.similarity,
      });
    }
  });
});
