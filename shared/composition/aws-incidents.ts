import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbIncidentStore } from '../adapters/aws/dynamodb-incident-store.ts';
import type { AwsContext, PortFactory } from './aws-step.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/** The incident table's document client, one per composition. */
export function incidentTableClient({ hook, shared }: AwsContext): DynamoDBDocumentClient {
  return shared('dynamodb', () => DynamoDBDocumentClient.from(hook(new DynamoDBClient(SDK_RETRY))));
}

/** The incident table on DynamoDB (what IAM lets the step do with it is the port's: read, or write). */
export const dynamoDbIncidents: PortFactory<'incidents-read' | 'incidents-write'> = (context) => ({
  store: new DynamoDbIncidentStore({
    client: incidentTableClient(context),
    tableName: context.config.incidentTable,
  }),
});
