import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { XRayClient } from '@aws-sdk/client-xray';
import { CloudWatchMetricsSource } from '../adapters/aws/cloudwatch-metrics-source.ts';
import { XRayTraceSource } from '../adapters/aws/xray-traces.ts';
import { combineTelemetrySources, type TelemetrySource } from '../ports/telemetry-source.ts';

/** Metrics from CloudWatch and traces from X-Ray, read at once. */
export function awsTelemetrySource(cloudwatch: CloudWatchClient, xray: XRayClient): TelemetrySource {
  return combineTelemetrySources([
    new CloudWatchMetricsSource({ client: cloudwatch }),
    new XRayTraceSource({ client: xray }),
  ]);
}

/**
 * The same for the CLI's `--source cloudwatch`, with the SDK's standard configuration (region,
 * credentials, retries, AWS_ENDPOINT_URL_CLOUDWATCH and AWS_ENDPOINT_URL_XRAY).
 */
export function createAwsTelemetrySource(): TelemetrySource {
  return awsTelemetrySource(new CloudWatchClient({}), new XRayClient({}));
}
