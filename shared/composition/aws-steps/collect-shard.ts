import type { collectShard } from '../../workflow/steps/collect-shard.ts';
import { s3Blobs } from '../aws-blobs.ts';
import type { PortFactories } from '../aws-step.ts';

/** collect-shard in Lambda: the bucket only. */
export const collectShardPorts: PortFactories<typeof collectShard.spec.ports> = { blobs: s3Blobs };
