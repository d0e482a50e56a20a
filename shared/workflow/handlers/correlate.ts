import { analyzeIncident } from '../../analysis/analyze.ts';
import type { PartialCollection } from '../../analysis/collect/index.ts';
import { incidentSignature } from '../../analysis/similarity/signature.ts';
import type { Report } from '../../domain/report.ts';
import type { WorkflowDeps } from '../deps.ts';
import { incidentKey, type WorkflowState, withNotes } from '../state.ts';
import { sliceManifests, sliceNotes } from './event-parts.ts';
import { storedTelemetry } from './fetch-telemetry.ts';

/** The evidence the correlate step leaves for the next steps: the offline report and its signature. */
export interface Evidence {
  report: Report;
  signature: string[];
}

/**
 * Runs the whole deterministic analysis on the fetched events and keeps its result in the bucket:
 * the buckets' partial collections (collect-shard, merged exactly), with the fetch slices' notes
 * (bounded) among the report's limitations.
 */
export async function correlate(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  if (!state.eventsKey) throw new Error('correlate needs the events of fetch-logs');
  const alarmEvent = JSON.parse(await deps.blobs.get(state.alarmKey)) as unknown;
  if (!state.shardKeys || !state.sliceKeys) {
    throw new Error('correlate needs the fetch slices and the partial collections of their buckets');
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
    sourceNotes: [...(noted.notes ?? [])],
    incidentId: state.incidentId,
    clock: deps.clock,
  });
  if (!result.ok) throw new Error(result.error);
  result.report.stats.durationMs = Math.round(deps.clock() - started);
  const evidence: Evidence = { report: result.report, signature: incidentSignature(result.report) };
  const evidenceKey = incidentKey(state.incidentId, 'evidence.json');
  await deps.blobs.put(evidenceKey, JSON.stringify(evidence), 'application/json');
  // The slice and bucket lists have served: later payloads carry only the pointers they need.
  const { slices: _slices, sliceKeys: _sliceKeys, buckets: _buckets, shardKeys: _keys, ...rest } = noted;
  return { ...rest, evidenceKey };
}
