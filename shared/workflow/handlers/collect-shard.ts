import { shardCollector } from '../../analysis/collect/index.ts';
import type { WorkflowDeps } from '../deps.ts';
import { shardKey, type WorkflowState } from '../state.ts';
import { alarmWindows, jsonLines, sliceManifests } from './event-parts.ts';

/**
 * One run of the Map over the stream-hash buckets: parses and mines the parts of one bucket
 * (whole log streams) from every slice, in slice order and each slice's parts in the order written,
 * so each stream is read in order, one part at a time, into a partial collection. Keeps it in the
 * bucket and returns its key; a bucket no slice wrote to yields an empty partial, which merges as
 * nothing. correlate merges the partials into exactly what one pass over all events yields.
 */
export async function collectShard(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  if (state.shardIndex === undefined || !state.sliceKeys) {
    throw new Error('collect-shard needs its bucket and the manifests of the fetch slices');
  }
  const { windows } = await alarmWindows(state, deps);
  const collector = shardCollector(windows);
  for (const manifest of await sliceManifests(state.sliceKeys, deps)) {
    if (manifest.buckets !== (state.buckets?.length ?? manifest.buckets)) {
      throw new Error(
        `slice ${manifest.slice} was split into ${manifest.buckets} buckets, not ${state.buckets?.length}`,
      );
    }
    for (const part of manifest.parts[state.shardIndex] ?? []) {
      collector.push(jsonLines([await deps.blobs.get(part)]));
    }
  }
  const key = shardKey(state.incidentId, state.shardIndex);
  await deps.blobs.put(key, JSON.stringify(collector.finish()), 'application/json');
  return { incidentId: state.incidentId, alarmKey: state.alarmKey, shardKey: key };
}
