import * as z from 'zod';
import { textSchema, unitIntervalSchema } from './primitives.ts';
import { serviceRoleSchema } from './service-role.ts';
import { logLevelSchema } from './timeline.ts';
import { isoTimestampSchema } from './timestamp.ts';

/** The first new signal of the fault: a verbatim line of the root-cause service. */
export const patientZeroSchema = z.looseObject({
  at: isoTimestampSchema,
  service: z.string().min(1),
  level: logLevelSchema,
  text: z.string().min(1),
});
export type PatientZero = z.infer<typeof patientZeroSchema>;

/**
 * What a blast-radius entity is: a `service` seen in the logs, a `dependency` it calls (database,
 * cache, broker, third party), `infrastructure` (pod, node, load balancer, volume) or `users`.
 */
export const BLAST_RADIUS_KINDS = ['service', 'dependency', 'infrastructure', 'users'] as const;
export const blastRadiusKindSchema = z.enum(BLAST_RADIUS_KINDS);
export type BlastRadiusKind = z.infer<typeof blastRadiusKindSchema>;

export const blastRadiusEntitySchema = z.looseObject({
  kind: blastRadiusKindSchema,
  name: z.string().min(1),
  role: serviceRoleSchema,
  impact: textSchema,
});
export type BlastRadiusEntity = z.infer<typeof blastRadiusEntitySchema>;

/** The change that set the fault off (a release, a config change), when the evidence shows one. */
export const triggerSchema = z.looseObject({
  hypothesis: textSchema,
  evidence: textSchema,
  confidence: unitIntervalSchema,
});
export type Trigger = z.infer<typeof triggerSchema>;

/** `forensics` (stable). `mttdSeconds`: from patient zero to the alarm. */
export const forensicsSchema = z.looseObject({
  patientZero: patientZeroSchema.nullable(),
  propagationPath: z.array(z.string().min(1)),
  blastRadius: z.array(blastRadiusEntitySchema),
  trigger: triggerSchema.nullable(),
  mttdSeconds: z.number().nonnegative().nullable(),
});
export type Forensics = z.infer<typeof forensicsSchema>;
