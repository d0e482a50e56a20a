import * as z from 'zod';

/** The part a service plays in the system, used by affected services and the blast radius. */
export const SERVICE_ROLES = [
  'gateway',
  'api',
  'worker',
  'database',
  'cache',
  'queue',
  'dns',
  'external',
  'frontend',
  'storage',
  'unknown',
] as const;

export const serviceRoleSchema = z.enum(SERVICE_ROLES);
export type ServiceRole = z.infer<typeof serviceRoleSchema>;
