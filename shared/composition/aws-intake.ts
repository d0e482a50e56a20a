import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDbAlarmStateStore } from '../adapters/aws/dynamodb-alarm-state-store.ts';
import type { AlarmStateStore } from '../ports/alarm-state-store.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import { s3BlobStore } from './aws-blobs.ts';
import { incidentTableClient } from './aws-incidents.ts';
import { awsContext, type ClientHook } from './aws-step.ts';
import { type FunctionConfig, readFunctionConfig } from './environment.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/** The intake's adapters: its ports (blobs, alarm-state, start-workflow) and nothing else. */
export interface IntakeComposition {
  config: FunctionConfig;
  blobs: BlobStore;
  alarms: AlarmStateStore;
  sfn: SFNClient;
}

export function createIntakeComposition(
  env: Record<string, string | undefined>,
  hook: ClientHook = (c) => c,
): IntakeComposition {
  const config = readFunctionConfig(env);
  const context = awsContext(config, hook);
  return {
    config,
    blobs: s3BlobStore(context),
    alarms: new DynamoDbAlarmStateStore(incidentTableClient(context), config.incidentTable),
    sfn: hook(new SFNClient(SDK_RETRY)),
  };
}
