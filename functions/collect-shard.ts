import { collectShardPorts } from '../shared/composition/aws-steps/collect-shard.ts';
import { collectShard } from '../shared/workflow/steps/collect-shard.ts';
import { stepHandler } from './runtime.ts';

/** The collect-shard step of the analysis workflow, run once per shard by a Map state. */
export const handler = stepHandler(collectShard, collectShardPorts);
