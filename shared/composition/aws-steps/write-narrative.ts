import type { writeNarrative } from '../../workflow/steps/write-narrative.ts';
import { s3Blobs } from '../aws-blobs.ts';
import { bedrockModel } from '../aws-model.ts';
import type { PortFactories } from '../aws-step.ts';

/** write-narrative in Lambda: the bucket and (where Bedrock is on) the model. */
export const writeNarrativePorts: PortFactories<typeof writeNarrative.spec.ports> = {
  blobs: s3Blobs,
  model: bedrockModel,
};
