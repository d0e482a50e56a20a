import { analyzeIncident } from '../../analysis/analyze.ts';
import { CollectedShards, type PartialCollection } from '../../analysis/correlate/collect.ts';
import { incidentSignature } from '../../analysis/similarity/signature.ts';
import type { LogEvent } from '../../domain/log-event.ts';
import type { Report } from '../../domain/report.ts';
import type { WorkflowDeps } from '../deps.ts';
import { eventPartKey, incidentKey, type WorkflowState } from '../state.ts';
import { jsonLines } from './event-parts.ts';

/** The evidence the correlate step leaves for the next steps: the offline report and its signature. */
export interface Evidence {
  report: Report;
  signature: string[];
}

/**
 * Runs the whole deterministic analysis on the fetched events and keeps its result in the bucket:
 * from the shards' partial collections (collect-shard, merged exactly), or, for a state without
 * them, from the stored events themselves.
 */
export async function correlate(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  if (!state.eventsKey) throw new Error('correlate needs the events of fetch-logs');
  const alarmEvent = JSON.parse(await deps.blobs.get(state.alarmKey)) as unknown;
  let events: Iterable<LogEvent>;
  if (state.shardKeys) {
    const partials: PartialCollection[] = [];
    for (const key of state.shardKeys)
      partials.push(JSON.parse(await deps.blobs.get(key)) as PartialCollection);
    events = new CollectedShards(partials);
  } else {
    const parts: string[] = [];
    for (let i = 0; i < (state.eventParts ?? 0); i++)
      parts.push(await deps.blobs.get(eventPartKey(state.eventsKey, i)));
    events = jsonLines(parts);
  }
  const started = deps.clock();
  const result = analyzeIncident({
    alarmEvent,
    events,
    windows: deps.windows,
    sourceNotes: [...(state.notes ?? [])],
    incidentId: state.incidentId,
    clock: deps.clock,
  });
  if (!result.ok) throw new Error(result.error);
  result.report.stats.durationMs = Math.round(deps.clock() - started);
  const evidence: Evidence = { report: result.report, signature: incidentSignature(result.report) };
  const evidenceKey = incidentKey(state.incidentId, 'evidence.json');
  await deps.blobs.put(evidenceKey, JSON.stringify(evidence), 'application/json');
  // The shard lists have served: later payloads carry only the pointers they need.
  const { shards: _shards, shardKeys: _keys, ...rest } = state;
  return { ...rest, evidenceKey };
}
