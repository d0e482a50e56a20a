import { createCloudWatchLogsClient } from '../adapters/aws/cloudwatch-logs-client.ts';
import { CloudWatchLogsFetcher } from '../adapters/aws/cloudwatch-logs-fetcher.ts';
import type { PortFactory } from './aws-step.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/** The log groups on CloudWatch Logs (FilterLogEvents, Logs Insights). */
export const cloudWatchLogs: PortFactory<'logs'> = ({ hook }) => ({
  fetcher: new CloudWatchLogsFetcher({ client: hook(createCloudWatchLogsClient(SDK_RETRY)) }),
});

/** CloudWatch Logs alone, for the CLI's `--source cloudwatch` (standard SDK configuration). */
export function createCloudWatchFetcher(): CloudWatchLogsFetcher {
  return new CloudWatchLogsFetcher({ client: createCloudWatchLogsClient(SDK_RETRY) });
}
