import type { fetchTelemetry } from '../../workflow/steps/fetch-telemetry.ts';
import { s3Blobs } from '../aws-blobs.ts';
import type { PortFactories } from '../aws-step.ts';
import { awsTelemetry } from '../aws-telemetry.ts';

/** fetch-telemetry in Lambda: the bucket, CloudWatch metrics, X-Ray and Transaction Search spans. */
export const fetchTelemetryPorts: PortFactories<typeof fetchTelemetry.spec.ports> = {
  blobs: s3Blobs,
  telemetry: awsTelemetry,
};
