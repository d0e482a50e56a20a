import * as z from 'zod';
import { countSchema, textSchema } from './primitives.ts';
import { serviceRoleSchema } from './service-role.ts';
import { isoTimestampSchema } from './timestamp.ts';

export const SERVICE_HEALTH = ['down', 'degraded', 'unknown'] as const;
export const serviceHealthSchema = z.enum(SERVICE_HEALTH);
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;

/** One entry of `affectedServices` (stable): a service whose behaviour changed in the incident window. */
export const affectedServiceSchema = z.looseObject({
  service: z.string().min(1),
  role: serviceRoleSchema,
  health: serviceHealthSchema,
  impact: textSchema,
  firstSeen: isoTimestampSchema,
  errorCount: countSchema,
});
export type AffectedService = z.infer<typeof affectedServiceSchema>;

/** `affectedServices`: each service listed once. */
export const affectedServicesSchema = z.array(affectedServiceSchema).superRefine((services, ctx) => {
  const seen = new Set<string>();
  services.forEach((entry, i) => {
    if (seen.has(entry.service)) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'service'],
        message: `service "${entry.service}" is listed more than once`,
        input: entry.service,
      });
    }
    seen.add(entry.service);
  });
});
