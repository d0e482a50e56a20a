import { similarFor } from '../../analysis/similarity/incident-memory.ts';
import { storedOfflineReport } from '../offline-report.ts';
import { incidentKey, type StateWith } from '../state.ts';
import { defineStep, LAMBDA_TRANSIENT } from '../step.ts';

/**
 * Past incidents like this one (`similarFor`: candidates by root service, fault class and recent
 * months from the incident table, never a scan, ranked by `rankSimilar`), best first, never the
 * incident itself. similar.json holds the whole ranked list (bounded by the candidate queries)
 * so write-narrative can show the best few and count recurrences over all of them
 * (`similarSection`); an entry may carry the `verdict` and `resolution` of feedback, which
 * `withPastResolutions` turns into the first fix.
 */
export const findSimilar = defineStep(
  {
    name: 'find-similar',
    description: 'Ranks similar past incidents from the incident table',
    ports: ['blobs', 'incidents-read', 'embeddings'],
    timeoutSeconds: 60,
    memoryMb: 512,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'write-narrative',
  },
  async (
    state: StateWith<'offlineReportKey'>,
    deps,
  ): Promise<StateWith<'offlineReportKey' | 'similarKey'>> => {
    if (!state.offlineReportKey) throw new Error('find-similar needs the offline report of analyze');
    const { report } = await storedOfflineReport(state.offlineReportKey, deps.blobs);
    const similar = await similarFor(
      deps.store,
      report,
      new Date(report.alarm.triggeredAt),
      deps.embeddings ? { embeddings: deps.embeddings } : {},
    );
    const similarKey = incidentKey(state.incidentId, 'similar.json');
    await deps.blobs.put(similarKey, JSON.stringify(similar), 'application/json');
    return { ...state, similarKey };
  },
);
