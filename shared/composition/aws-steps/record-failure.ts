import type { recordFailure } from '../../workflow/steps/record-failure.ts';
import { s3Blobs } from '../aws-blobs.ts';
import { dynamoDbIncidents } from '../aws-incidents.ts';
import { snsNotify } from '../aws-notify.ts';
import type { PortFactories } from '../aws-step.ts';

/** record-failure in Lambda: what publish has (it publishes the degraded report). */
export const recordFailurePorts: PortFactories<typeof recordFailure.spec.ports> = {
  blobs: s3Blobs,
  'incidents-write': dynamoDbIncidents,
  notify: snsNotify,
};
