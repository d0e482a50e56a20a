import { withIncidentMemory } from '../../analysis/similarity/incident-memory.ts';
import { METRIC, MODEL_ID_DIMENSION } from '../../deployment/metric-names.ts';
import type { Report } from '../../domain/report.ts';
import type { SimilarIncident } from '../../domain/similar-incident.ts';
import { synthesizeWithModel } from '../../llm/synthesize.ts';
import { storedOfflineReport } from '../offline-report.ts';
import type { StepDeps } from '../ports.ts';
import { incidentKey, type StateWith } from '../state.ts';
import { defineStep, LAMBDA_TRANSIENT } from '../step.ts';

const PORTS = ['blobs', 'model'] as const;

/**
 * Writes the final report: the offline report with the similar incidents found. The offline
 * synthesizer has already written every section during analyze; when a model is configured it
 * rewrites the prose here, never the facts, and its failure leaves the offline text in place.
 */
export const writeNarrative = defineStep(
  {
    name: 'write-narrative',
    description:
      'Adds the similar incidents to the offline report and has the model rewrite its prose (Bedrock when enabled; the offline text otherwise)',
    ports: PORTS,
    timeoutSeconds: 180,
    memoryMb: 512,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'publish',
  },
  async (
    state: StateWith<'offlineReportKey' | 'similarKey' | 'relatedIncidents'>,
    deps,
  ): Promise<StateWith<'offlineReportKey' | 'reportKey'>> => {
    if (!state.offlineReportKey) throw new Error('write-narrative needs the offline report of analyze');
    const offlineReport = await storedOfflineReport(state.offlineReportKey, deps.blobs);
    const similar = state.similarKey
      ? (JSON.parse(await deps.blobs.get(state.similarKey)) as SimilarIncident[])
      : [];
    // Similar incidents, the frequency label, and what fixed confirmed twins leading the fixes.
    const remembered = withIncidentMemory(offlineReport.report, similar);
    const offline: Report = state.relatedIncidents?.length
      ? { ...remembered, relatedIncidents: state.relatedIncidents }
      : remembered;
    const report = deps.model ? await withModel(offline, deps.model, deps) : offline;
    const reportKey = incidentKey(state.incidentId, 'report.json');
    await deps.blobs.put(reportKey, JSON.stringify(report), 'application/json');
    return { ...state, reportKey };
  },
);

/** The model's narrative; when it failed or none of its answer was usable, the offline report, counted as ModelFallback. */
async function withModel(
  offline: Report,
  model: NonNullable<StepDeps<typeof PORTS>['model']>,
  deps: StepDeps<typeof PORTS>,
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
