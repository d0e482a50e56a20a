import type { fetchSlice } from '../../workflow/steps/fetch-slice.ts';
import { s3Blobs } from '../aws-blobs.ts';
import { cloudWatchLogs } from '../aws-logs.ts';
import type { PortFactories } from '../aws-step.ts';

/** fetch-slice in Lambda: the bucket and CloudWatch Logs. */
export const fetchSlicePorts: PortFactories<typeof fetchSlice.spec.ports> = {
  blobs: s3Blobs,
  logs: cloudWatchLogs,
};
