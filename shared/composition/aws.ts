import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { XRayClient } from '@aws-sdk/client-xray';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BedrockModelClient, createBedrockRuntimeClient } from '../adapters/aws/bedrock-model-client.ts';
import { BedrockTitanEmbeddings } from '../adapters/aws/bedrock-titan-embeddings.ts';
import { CloudWatchAlarmTags } from '../adapters/aws/cloudwatch-alarm-tags.ts';
import { createCloudWatchLogsClient } from '../adapters/aws/cloudwatch-logs-client.ts';
import { CloudWatchLogsFetcher } from '../adapters/aws/cloudwatch-logs-fetcher.ts';
import { DynamoDbAlarmStateStore } from '../adapters/aws/dynamodb-alarm-state-store.ts';
import { DynamoDbDeliveryLedger } from '../adapters/aws/dynamodb-delivery-ledger.ts';
import { DynamoDbIncidentStore } from '../adapters/aws/dynamodb-incident-store.ts';
import { S3BlobStore } from '../adapters/aws/s3-blob-store.ts';
import { SnsNotifier } from '../adapters/aws/sns-notifier.ts';
import type { AlarmStateStore } from '../ports/alarm-state-store.ts';
import type { MetricsRecorder } from '../ports/metrics.ts';
import type { WorkflowDeps } from '../workflow/deps.ts';
import { awsTelemetrySource } from './aws-telemetry.ts';
import { type FunctionConfig, readFunctionConfig } from './environment.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/** Lets an entry point wrap each SDK client (Powertools Tracer's captureAWSv3Client). */
export type ClientHook = <T>(client: T) => T;

export interface AwsComposition {
  config: FunctionConfig;
  deps: WorkflowDeps;
  sfn: SFNClient;
  alarms: AlarmStateStore;
}

/**
 * The only place SDK clients are created for the Lambda functions. Every client honours the SDK's
 * standard configuration (region, credentials, AWS_ENDPOINT_URL_<SERVICE>) and retries as
 * SDK_RETRY says (the one retry policy below the state machine's). The metrics come from
 * the entry point, which owns Powertools.
 */
export function createAwsComposition(
  env: Record<string, string | undefined>,
  metrics: MetricsRecorder,
  hook: ClientHook = (c) => c,
): AwsComposition {
  const config = readFunctionConfig(env);
  const s3 = hook(new S3Client(SDK_RETRY));
  const sns = hook(new SNSClient(SDK_RETRY));
  const dynamo = hook(new DynamoDBClient(SDK_RETRY));
  const doc = DynamoDBDocumentClient.from(dynamo);
  const logs = hook(createCloudWatchLogsClient(SDK_RETRY));
  const sfn = hook(new SFNClient(SDK_RETRY));
  const cloudwatch = hook(new CloudWatchClient(SDK_RETRY));
  const deps: WorkflowDeps = {
    blobs: new S3BlobStore({ client: s3, bucket: config.reportBucket }),
    fetcher: new CloudWatchLogsFetcher({ client: logs }),
    telemetry: awsTelemetrySource(cloudwatch, hook(new XRayClient(SDK_RETRY)), logs),
    store: new DynamoDbIncidentStore({
      client: DynamoDBDocumentClient.from(dynamo),
      tableName: config.incidentTable,
    }),
    notifier: new SnsNotifier({
      client: sns,
      topicArn: config.topicArn,
      chatTopicArn: config.chatTopicArn,
      ledger: new DynamoDbDeliveryLedger({ client: doc, tableName: config.incidentTable }),
    }),
    metrics,
    logGroups: config.logGroups,
    alarmTags: new CloudWatchAlarmTags(cloudwatch),
    windows: config.windows,
    consoleUrl: config.consoleUrl,
    clock: () => performance.now(),
  };
  if (config.synthesizer === 'bedrock') {
    deps.model = { client: createBedrockModel(config.bedrockModelId, hook), modelId: config.bedrockModelId };
    // Where Bedrock is enabled, Titan embeddings refine the lexical similarity of past incidents.
    deps.embeddings = new BedrockTitanEmbeddings({ client: hook(createBedrockRuntimeClient(SDK_RETRY)) });
  }
  return { config, deps, sfn, alarms: new DynamoDbAlarmStateStore(doc, config.incidentTable) };
}

/** A Bedrock model (Converse) with the standard SDK configuration, for synthesize and the CLI's `--synthesizer bedrock`. */
export function createBedrockModel(modelId: string, hook: ClientHook = (c) => c): BedrockModelClient {
  return new BedrockModelClient({ client: hook(createBedrockRuntimeClient(SDK_RETRY)), modelId });
}

/** CloudWatch Logs alone, for the CLI's `--source cloudwatch` (standard SDK configuration). */
export function createCloudWatchFetcher(): CloudWatchLogsFetcher {
  return new CloudWatchLogsFetcher({ client: createCloudWatchLogsClient(SDK_RETRY) });
}
