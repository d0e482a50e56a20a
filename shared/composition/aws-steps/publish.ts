import type { publish } from '../../workflow/steps/publish.ts';
import { s3Blobs } from '../aws-blobs.ts';
import { dynamoDbIncidents } from '../aws-incidents.ts';
import { snsNotify } from '../aws-notify.ts';
import type { PortFactories } from '../aws-step.ts';

/** publish in Lambda: the bucket, the incident table and the topics. */
export const publishPorts: PortFactories<typeof publish.spec.ports> = {
  blobs: s3Blobs,
  'incidents-write': dynamoDbIncidents,
  notify: snsNotify,
};
