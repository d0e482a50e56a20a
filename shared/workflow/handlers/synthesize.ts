import { withIncidentMemory } from '../../analysis/similarity/incident-memory.ts';
import type { Report } from '../../domain/report.ts';
import type { SimilarIncident } from '../../domain/similar-incident.ts';
import { synthesizeWithModel } from '../../llm/synthesize.ts';
import { METRIC, MODEL_ID_DIMENSION } from '../../deployment/metric-names.ts';
import type { WorkflowDeps } from '../deps.ts';
import { incidentKey, type WorkflowState } from '../state.ts';
import type { Evidence } from './correlate.ts';

/**
 * Writes the final report: the evidence's report with the similar incidents found. The offline
 * synthesizer has already written every section during correlate; when a model is configured it
 * rewrites the prose here, never the facts, and its failure leaves the offline text in place.
 */
export async function synthesize(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  if (!state.evidenceKey) throw new Error('synthesize needs the evidence of correlate');
  const evidence = JSON.parse(await deps.blobs.get(state.evidenceKey)) as Evidence;
  const similar = state.similarKey
    ? (JSON.parse(await deps.blobs.get(state.similarKey)) as SimilarIncident[])
    : [];
  // Similar incidents, the frequency label, and what fixed confirmed twins leading the fixes.
  const remembered = withIncidentMemory(evidence.report, similar);
  const offline: Report = state.relatedIncidents?.length
    ? { ...remembered, relatedIncidents: state.relatedIncidents }
    : remembered;
  const report = deps.model ? await withModel(offline, deps.model, deps) : offline;
  const reportKey = incidentKey(state.incidentId, 'report.json');
  await deps.blobs.put(reportKey, JSON.stringify(report), 'application/json');
  return { ...state, reportKey };
}

/** The model's narrative; when it failed or none of its answer was usable, the offline report, counted as ModelFallback. */
async function withModel(
  offline: Report,
  model: NonNullable<WorkflowDeps['model']>,
  deps: WorkflowDeps,
): Promise<Report> {
  const { report } = await synthesizeWithModel(offline, model.client, {
    modelId: model.modelId,
    clock: deps.clock,
  });
  if (report.model.provider === 'offline') {
    deps.metrics?.count(METRIC.modelFallback, { [MODEL_ID_DIMENSION]: model.modelId });
  }
  return report;
}
