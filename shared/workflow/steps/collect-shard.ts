import { shardCollector } from '../../analysis/collect/index.ts';
import { alarmWindows, jsonLines, sliceManifests } from '../event-parts.ts';
import { SHARDS, type StateWith, shardKey } from '../state.ts';
import { defineStep, LAMBDA_TRANSIENT } from '../step.ts';

/**
 * One run of the Map over the stream-hash buckets: parses and mines the parts of one bucket
 * (whole log streams) from every slice, in slice order and each slice's parts in the order written,
 * so each stream is read in order, one part at a time, into a partial collection. Keeps it in the
 * bucket and returns its key; a bucket no slice wrote to yields an empty partial, which merges as
 * nothing. analyze merges the partials into exactly what one pass over all events yields.
 */
export const collectShard = defineStep(
  {
    name: 'collect-shard',
    description:
      'Parses and mines one stream bucket of the events (whole log streams, from every slice) into a partial collection in S3',
    ports: ['blobs'],
    timeoutSeconds: 600,
    memoryMb: 2048,
    inStateMachine: true,
    retry: [LAMBDA_TRANSIENT],
    catchTo: 'record-failure',
    next: 'analyze',
    fanOut: {
      stateName: 'collect-shards',
      itemsPath: '$.buckets',
      pass: ['incidentId', 'alarmKey', 'sliceKeys', 'buckets'],
      item: 'shardIndex',
      output: '$.shardKey',
      resultPath: '$.shardKeys',
      maxItems: SHARDS,
      // At most SHARDS items: one wave, bounded.
      maxConcurrency: SHARDS,
      // The merge equals the single-pass analysis only with every shard: one lost shard fails the Map.
      toleratedFailurePercentage: 0,
    },
  },
  async (state: StateWith<'shardIndex' | 'sliceKeys' | 'buckets'>, deps): Promise<StateWith<'shardKey'>> => {
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
  },
);
