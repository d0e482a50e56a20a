import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';

/**
 * A CloudWatch Logs client with the SDK's standard configuration: region, credentials, retries and
 * `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS` come from the default chain unless `options` sets them.
 */
export function createCloudWatchLogsClient(options: CloudWatchLogsClientConfig = {}): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ ...options });
}
