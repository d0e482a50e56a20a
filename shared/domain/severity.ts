import * as z from 'zod';

/** Incident severity, P1 the most severe; the report states the reason in `severityReason`. */
export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  P1: 'Critical',
  P2: 'Major',
  P3: 'Minor',
  P4: 'Low',
};
