import type { Report } from '../../domain/report.ts';
import type { SimilarIncident } from '../../domain/similar-incident.ts';
import type { WorkflowDeps } from '../deps.ts';
import { incidentKey, type WorkflowState } from '../state.ts';
import type { Evidence } from './correlate.ts';

/**
 * Writes the final report: the evidence's report with the similar incidents found. The offline
 * synthesizer has already written every section during correlate; this is where a model may
 * rewrite the prose (the Bedrock issue), never the facts.
 */
export async function synthesize(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  if (!state.evidenceKey) throw new Error('synthesize needs the evidence of correlate');
  const evidence = JSON.parse(await deps.blobs.get(state.evidenceKey)) as Evidence;
  const similar = state.similarKey
    ? (JSON.parse(await deps.blobs.get(state.similarKey)) as SimilarIncident[])
    : [];
  const report: Report = { ...evidence.report, similarIncidents: similar };
  const reportKey = incidentKey(state.incidentId, 'report.json');
  await deps.blobs.put(reportKey, JSON.stringify(report), 'application/json');
  return { ...state, reportKey };
}
