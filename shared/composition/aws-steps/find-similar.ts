import type { findSimilar } from '../../workflow/steps/find-similar.ts';
import { s3Blobs } from '../aws-blobs.ts';
import { titanEmbeddings } from '../aws-embeddings.ts';
import { dynamoDbIncidents } from '../aws-incidents.ts';
import type { PortFactories } from '../aws-step.ts';

/** find-similar in Lambda: the bucket, the incident table and (where Bedrock is on) Titan embeddings. */
export const findSimilarPorts: PortFactories<typeof findSimilar.spec.ports> = {
  blobs: s3Blobs,
  'incidents-read': dynamoDbIncidents,
  embeddings: titanEmbeddings,
};
