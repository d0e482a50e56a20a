import type { Report } from '../../domain/report.ts';
import type { SimilarIncident } from '../../domain/similar-incident.ts';
import type { IncidentRecord, IncidentStore } from '../../ports/incident-store.ts';
import { type EmbeddingScorer, embedIncidents } from './embeddings.ts';
import { frequencyLabel, type IncidentFrequency } from './frequency.ts';
import { withPastResolutions } from './past-resolutions.ts';
import { type RankedIncident, rankSimilar } from './rank.ts';
import { incidentSignature } from './signature.ts';

/** Each index query reads at most this many items: 4 queries, at most 200 candidates. */
export const CANDIDATE_LIMIT = 50;
/** How many similar incidents a report lists. */
export const SHOWN_SIMILAR = 5;

/** The record of an analyzed incident, keeping the feedback, resolution and triage of an earlier record. */
export function incidentRecord(
  report: Report,
  reportLocation: string,
  existing: IncidentRecord | null = null,
): IncidentRecord {
  return {
    incidentId: report.incidentId,
    title: report.title,
    occurredAt: report.alarm.triggeredAt,
    alarmName: report.alarm.name,
    rootService: report.rootCause.service,
    faultClass: report.rootCause.faultClass,
    affectedServices: report.affectedServices.map((a) => a.service),
    signature: incidentSignature(report),
    rootCause: report.rootCause.summary,
    reportLocation,
    ...(existing?.resolution ? { resolution: existing.resolution } : {}),
    ...(existing?.feedback ? { feedback: existing.feedback } : {}),
    ...(existing?.triage ? { triage: existing.triage } : {}),
  };
}

/**
 * Writes (or, for a re-analysis of the same alarm event, rewrites) the incident's record; earlier
 * feedback and resolution are kept. `reportLocation` defaults to `reports/<id>/report.json`.
 */
export async function rememberIncident(
  store: IncidentStore,
  report: Report,
  options: { reportLocation?: string } = {},
): Promise<IncidentRecord> {
  const location = options.reportLocation ?? `reports/${report.incidentId}/report.json`;
  const record = incidentRecord(report, location, await store.get(report.incidentId));
  await store.put(record);
  return record;
}

/**
 * Every past incident similar to the report's, best first (the candidates of the store's indexes,
 * ranked by `rankSimilar`), never the incident itself; none for an inconclusive report. With a
 * scorer the embeddings are blended in; should it fail, the lexical ranking stands alone.
 */
export async function similarFor(
  store: IncidentStore,
  report: Report,
  now: Date,
  options: { embeddings?: EmbeddingScorer } = {},
): Promise<RankedIncident[]> {
  if (report.inconclusive) return [];
  const current = {
    incidentId: report.incidentId,
    signature: incidentSignature(report),
    rootService: report.rootCause.service,
    faultClass: report.rootCause.faultClass,
  };
  const candidates = (
    await store.candidates({
      rootService: current.rootService,
      faultClass: current.faultClass,
      limit: CANDIDATE_LIMIT,
    })
  ).filter((c) => c.incidentId !== current.incidentId);
  const embeddings = options.embeddings
    ? await embedIncidents(options.embeddings, current, candidates).catch(() => undefined)
    : undefined;
  return rankSimilar(current, candidates, now, embeddings ? { embeddings } : {});
}

/**
 * The report's similar-incident fields from the full ranked list: the best SHOWN_SIMILAR and the
 * frequency label as of the alarm (`occurredAt`), counted over the whole list.
 */
export function similarSection(
  similar: readonly SimilarIncident[],
  occurredAt: string,
): { similarIncidents: SimilarIncident[]; frequency: IncidentFrequency } {
  return {
    similarIncidents: similar.slice(0, SHOWN_SIMILAR),
    frequency: frequencyLabel(similar, new Date(occurredAt)),
  };
}

/** The report with its memory: similar incidents, frequency, and past resolutions leading the fixes. */
export function withIncidentMemory(report: Report, similar: readonly SimilarIncident[]): Report {
  return {
    ...report,
    ...similarSection(similar, report.alarm.triggeredAt),
    fixRecommendations: withPastResolutions(report.fixRecommendations, similar),
  };
}
