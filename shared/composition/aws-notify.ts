import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDbDeliveryLedger } from '../adapters/aws/dynamodb-delivery-ledger.ts';
import { SnsNotifier } from '../adapters/aws/sns-notifier.ts';
import { incidentTableClient } from './aws-incidents.ts';
import type { PortFactory } from './aws-step.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/** The notification topics on SNS, each message sent once (its delivery recorded in the incident table). */
export const snsNotify: PortFactory<'notify'> = (context) => ({
  notifier: new SnsNotifier({
    client: context.hook(new SNSClient(SDK_RETRY)),
    topicArn: context.config.topicArn,
    chatTopicArn: context.config.chatTopicArn,
    ledger: new DynamoDbDeliveryLedger({
      client: incidentTableClient(context),
      tableName: context.config.incidentTable,
    }),
  }),
});
