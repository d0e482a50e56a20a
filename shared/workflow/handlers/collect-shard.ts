import { shardCollector } from '../../analysis/correlate/collect.ts';
import type { WorkflowDeps } from '../deps.ts';
import { eventPartKey, shardKey, type WorkflowState } from '../state.ts';
import { alarmWindows, jsonLines } from './event-parts.ts';

/**
 * One run of the Map over the shards: parses and mines the parts of one shard (whole log
 * streams, read one part at a time) into a partial collection, keeps it in the bucket and returns
 * its key. correlate merges the partials into exactly what one pass over all events yields.
 */
export async function collectShard(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  if (!state.eventsKey || state.shardIndex === undefined || !state.shardParts) {
    throw new Error('collect-shard needs its shard of the events of fetch-logs');
  }
  const { windows } = await alarmWindows(state, deps);
  const collector = shardCollector(windows);
  for (const part of state.shardParts) {
    collector.push(jsonLines([await deps.blobs.get(eventPartKey(state.eventsKey, part))]));
  }
  const key = shardKey(state.incidentId, state.shardIndex);
  await deps.blobs.put(key, JSON.stringify(collector.finish()), 'application/json');
  return { incidentId: state.incidentId, alarmKey: state.alarmKey, shardKey: key };
}
