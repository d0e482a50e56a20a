import * as z from 'zod';
import { affectedServicesSchema } from './affected-service.ts';
import { alarmSchema } from './alarm.ts';
import { reportEvidenceSchema } from './evidence.ts';
import { fiveWhysSchema } from './five-whys.ts';
import { fixRecommendationsSchema } from './fix-recommendation.ts';
import { forensicsSchema } from './forensics.ts';
import { incidentIdSchema } from './incident-id.ts';
import { oneLineSchema, textSchema } from './primitives.ts';
import { reasoningTrailSchema } from './reasoning-trail.ts';
import { modelInfoSchema, qualitySchema, scanStatsSchema } from './report-metadata.ts';
import { reportVisualFields } from './report-visuals.ts';
import { rootCauseSchema } from './root-cause.ts';
import { severitySchema } from './severity.ts';
import { similarIncidentsSchema } from './similar-incident.ts';
import { timelineSchema } from './timeline.ts';
import { formatIssues } from './validation-message.ts';

export const REPORT_SCHEMA_VERSION = 1;

/**
 * The report (`report.json`, CONTRACT.md §2): every rendering is made from this one object.
 * Every stable field is validated; objects are loose, so extension fields are kept, not stripped.
 */
export const reportSchema = z
  .looseObject({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    incidentId: incidentIdSchema,
    title: oneLineSchema,
    executiveSummary: textSchema,
    severity: severitySchema,
    severityReason: textSchema,
    inconclusive: z.boolean(),
    rootCause: rootCauseSchema,
    affectedServices: affectedServicesSchema,
    timeline: timelineSchema,
    evidence: reportEvidenceSchema,
    forensics: forensicsSchema,
    fixRecommendations: fixRecommendationsSchema,
    fiveWhys: fiveWhysSchema,
    systemicRootCause: textSchema,
    counterfactual: textSchema,
    similarIncidents: similarIncidentsSchema,
    reasoningTrail: reasoningTrailSchema,
    model: modelInfoSchema,
    quality: qualitySchema,
    stats: scanStatsSchema,
    alarm: alarmSchema,
    ...reportVisualFields,
  })
  .superRefine((report, ctx) => {
    const { inconclusive, rootCause } = report;
    if (inconclusive && rootCause.service !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['rootCause', 'service'],
        message: `an inconclusive report names no root-cause service, got "${rootCause.service}"`,
        input: rootCause.service,
      });
    }
    if (inconclusive && rootCause.faultClass !== 'unknown') {
      ctx.addIssue({
        code: 'custom',
        path: ['rootCause', 'faultClass'],
        message: `an inconclusive report has faultClass "unknown", got "${rootCause.faultClass}"`,
        input: rootCause.faultClass,
      });
    }
    if (!inconclusive && rootCause.faultClass === 'unknown') {
      ctx.addIssue({
        code: 'custom',
        path: ['inconclusive'],
        message: 'faultClass "unknown" means nothing explains the alarm: inconclusive must be true',
        input: inconclusive,
      });
    }
  });
export type Report = z.infer<typeof reportSchema>;

export type ReportParseResult = { ok: true; report: Report } | { ok: false; error: string };

/** Validates a report (e.g. a read `report.json` or a model's output). Never throws. */
export function parseReport(input: unknown): ReportParseResult {
  const parsed = reportSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, error: formatIssues('Invalid report', parsed.error) };
  return { ok: true, report: parsed.data };
}
