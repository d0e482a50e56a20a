import { signatureSimilarity } from '../../analysis/similarity/signature.ts';
import type { SimilarIncident } from '../../domain/similar-incident.ts';
import type { WorkflowDeps } from '../deps.ts';
import { incidentKey, type WorkflowState } from '../state.ts';
import type { Evidence } from './correlate.ts';

const CANDIDATES = 50;
const SHOWN = 5;
const MIN_SIMILARITY = 0.25;

/**
 * Past incidents like this one: candidates by root service and fault class from the incident
 * table (never a scan), ranked by the weighted overlap of their signatures, best first. The
 * incident itself (a re-analysis of the same alarm) is never its own twin.
 */
export async function findSimilar(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  if (!state.evidenceKey) throw new Error('find-similar needs the evidence of correlate');
  const evidence = JSON.parse(await deps.blobs.get(state.evidenceKey)) as Evidence;
  const { report, signature } = evidence;
  const candidates = report.inconclusive
    ? []
    : await deps.store.candidates({
        rootService: report.rootCause.service,
        faultClass: report.rootCause.faultClass,
        limit: CANDIDATES,
      });
  const similar: SimilarIncident[] = candidates
    .filter((c) => c.incidentId !== state.incidentId)
    .map((c) => ({
      incidentId: c.incidentId,
      title: c.title,
      similarity: Math.round(signatureSimilarity(signature, c.signature) * 100) / 100,
      faultClass: c.faultClass,
      rootCause: c.rootCause,
      occurredAt: c.occurredAt,
    }))
    .filter((s) => s.similarity >= MIN_SIMILARITY)
    .sort((a, b) => b.similarity - a.similarity || (a.occurredAt < b.occurredAt ? 1 : -1))
    .slice(0, SHOWN);
  const similarKey = incidentKey(state.incidentId, 'similar.json');
  await deps.blobs.put(similarKey, JSON.stringify(similar), 'application/json');
  return { ...state, similarKey };
}
