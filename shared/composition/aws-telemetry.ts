import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { XRayClient } from '@aws-sdk/client-xray';
import { createCloudWatchLogsClient } from '../adapters/aws/cloudwatch-logs-client.ts';
import { CloudWatchMetricsSource } from '../adapters/aws/cloudwatch-metrics-source.ts';
import { XRayTraceSource } from '../adapters/aws/xray-traces.ts';
import { TransactionSpanSource } from '../adapters/aws/xray-transaction-spans.ts';
import { combineTelemetrySources, type TelemetrySource, tracesOrElse } from '../ports/telemetry-source.ts';
import type { PortFactory } from './aws-step.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/** Metrics and traces of the window from CloudWatch, X-Ray and Transaction Search. */
export const awsTelemetry: PortFactory<'telemetry'> = ({ hook }) => ({
  telemetry: awsTelemetrySource(
    hook(new CloudWatchClient(SDK_RETRY)),
    hook(new XRayClient(SDK_RETRY)),
    hook(createCloudWatchLogsClient(SDK_RETRY)),
  ),
});

/**
 * Metrics from CloudWatch and traces from X-Ray, read at once; where X-Ray has no trace of the
 * window, the spans that CloudWatch Transaction Search keeps in `aws/spans`.
 */
export function awsTelemetrySource(
  cloudwatch: CloudWatchClient,
  xray: XRayClient,
  logs: CloudWatchLogsClient,
): TelemetrySource {
  return combineTelemetrySources([
    new CloudWatchMetricsSource({ client: cloudwatch }),
    tracesOrElse(new XRayTraceSource({ client: xray }), new TransactionSpanSource({ client: logs })),
  ]);
}

/**
 * The same for the CLI's `--source cloudwatch`, with the SDK's standard configuration (region,
 * credentials, retries, AWS_ENDPOINT_URL_CLOUDWATCH, AWS_ENDPOINT_URL_XRAY and
 * AWS_ENDPOINT_URL_CLOUDWATCH_LOGS).
 */
export function createAwsTelemetrySource(): TelemetrySource {
  return awsTelemetrySource(
    new CloudWatchClient(SDK_RETRY),
    new XRayClient(SDK_RETRY),
    createCloudWatchLogsClient(SDK_RETRY),
  );
}
