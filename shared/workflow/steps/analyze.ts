import { analyzeIncident } from '../../analysis/analyze.ts';
import type { PartialCollection } from '../../analysis/collect/index.ts';
import { incidentSignature } from '../../analysis/similarity/signature.ts';
import { sliceManifests, sliceNotes } from '../event-parts.ts';
import type { OfflineReport } from '../offline-report.ts';
import { incidentKey, type StateWith, withNotes } from '../state.ts';
import { defineStep, LAMBDA_TRANSIENT } from '../step.ts';
import { storedTelemetry } from '../stored-telemetry.ts';

/**
 * Runs the whole deterministic analysis on the fetched events and writes the offline report (every
 * section, by the offline synthesizer) to the bucket: the buckets' partial collections
 * (collect-shard, merged exactly), with the fetch slices' notes (bounded) among the report's
 * limitations.
 */
export const analyze = defineStep(
  {
    name: 'analyze',
    description:
      "Merges the shards' partial collections, correlates them and writes the offline report with its signature",
    ports: ['blobs'],
    timeoutSeconds: 600,
    memoryMb: 2048,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'find-similar',
  },
  async (
    state: StateWith<
      'eventsKey' | 'shardKeys' | 'sliceKeys' | 'telemetryKey' | 'notes' | 'slices' | 'buckets'
    >,
    deps,
  ): Promise<StateWith<'offlineReportKey' | 'notes'>> => {
    if (!state.eventsKey) throw new Error('analyze needs the events planned by plan-fetch');
    const alarmEvent = JSON.parse(await deps.blobs.get(state.alarmKey)) as unknown;
    if (!state.shardKeys || !state.sliceKeys) {
      throw new Error('analyze needs the fetch slices and the partial collections of their buckets');
    }
    const partials: PartialCollection[] = [];
    for (const key of state.shardKeys)
      partials.push(JSON.parse(await deps.blobs.get(key)) as PartialCollection);
    const noted = withNotes(state, sliceNotes(await sliceManifests(state.sliceKeys, deps)));
    const telemetry = await storedTelemetry(state, deps);
    const started = deps.clock();
    const result = analyzeIncident({
      alarmEvent,
      partials,
      ...(telemetry ? { telemetry } : {}),
      windows: deps.windows,
      sourceNotes: [...noted.notes],
      incidentId: state.incidentId,
      clock: deps.clock,
    });
    if (!result.ok) throw new Error(result.error);
    result.report.stats.durationMs = Math.round(deps.clock() - started);
    const offline: OfflineReport = { report: result.report, signature: incidentSignature(result.report) };
    const offlineReportKey = incidentKey(state.incidentId, 'offline-report.json');
    await deps.blobs.put(offlineReportKey, JSON.stringify(offline), 'application/json');
    // The slice and bucket lists have served: later payloads carry only the pointers they need.
    const { slices: _slices, sliceKeys: _sliceKeys, buckets: _buckets, shardKeys: _keys, ...rest } = noted;
    return { ...rest, offlineReportKey };
  },
);
