import { similarFor } from '../../analysis/similarity/incident-memory.ts';
import type { WorkflowDeps } from '../deps.ts';
import { incidentKey, type WorkflowState } from '../state.ts';
import type { Evidence } from './correlate.ts';

/**
 * Past incidents like this one (`similarFor`: candidates by root service, fault class and recent
 * months from the incident table, never a scan, ranked by `rankSimilar`), best first, never the
 * incident itself. similar.json holds the whole ranked list (bounded by the candidate queries)
 * so synthesize can show the best few and count recurrences over all of them
 * (`similarSection`); an entry may carry the `verdict` and `resolution` of feedback, which
 * `withPastResolutions` turns into the first fix.
 */
export async function findSimilar(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  if (!state.evidenceKey) throw new Error('find-similar needs the evidence of correlate');
  const { report } = JSON.parse(await deps.blobs.get(state.evidenceKey)) as Evidence;
  const similar = await similarFor(
    deps.store,
    report,
    new Date(report.alarm.triggeredAt),
    deps.embeddings ? { embeddings: deps.embeddings } : {},
  );
  const similarKey = incidentKey(state.incidentId, 'similar.json');
  await deps.blobs.put(similarKey, JSON.stringify(similar), 'application/json');
  return { ...state, similarKey };
}
