import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { INCIDENT_INDEXES } from '../../deployment/incident-table.ts';
import type { AlarmState, AlarmStateStore } from '../../ports/alarm-state-store.ts';

/**
 * Alarm states in the incident table (single-table design):
 *   PK = ALARM#<alarm ARN>   SK = STATE
 *   GSI3PK = ALARMS#<yyyy-mm-dd of the last ALARM>   GSI3SK = <lastAlarmAt>#<alarm ARN>
 * Writes are conditional on the version read (optimistic locking, no transactions), so two
 * deliveries of one event, or two concurrent alarms, cannot both open an incident.
 */
export class DynamoDbAlarmStateStore implements AlarmStateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(alarmArn: string): Promise<AlarmState | null> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: `ALARM#${alarmArn}`, SK: 'STATE' } }),
    );
    return out.Item ? fromItem(out.Item) : null;
  }

  async put(state: AlarmState, expectedVersion: number | null): Promise<boolean> {
    const item: Record<string, unknown> = { PK: `ALARM#${state.alarmArn}`, SK: 'STATE', ...state };
    if (state.lastAlarmAt) {
      item.GSI3PK = `ALARMS#${state.lastAlarmAt.slice(0, 10)}`;
      item.GSI3SK = `${state.lastAlarmAt}#${state.alarmArn}`;
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: expectedVersion === null ? 'attribute_not_exists(PK)' : 'version = :v',
          ...(expectedVersion === null ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
      return true;
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as Error).name === 'ConditionalCheckFailedException'
      )
        return false;
      throw error;
    }
  }

  async recentlyAlarmed(sinceIso: string): Promise<AlarmState[]> {
    const days = new Set([sinceIso.slice(0, 10), new Date().toISOString().slice(0, 10)]);
    const found: AlarmState[] = [];
    for (const day of days) {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INCIDENT_INDEXES.recent,
          KeyConditionExpression: 'GSI3PK = :p AND GSI3SK >= :s',
          ExpressionAttributeValues: { ':p': `ALARMS#${day}`, ':s': sinceIso },
          Limit: 100,
        }),
      );
      for (const item of out.Items ?? []) {
        const state = fromItem(item);
        if (state.openIncidentId) found.push(state);
      }
    }
    return found;
  }
}

function fromItem(item: Record<string, unknown>): AlarmState {
  return {
    alarmArn: String(item.alarmArn),
    alarmName: String(item.alarmName),
    openIncidentId: (item.openIncidentId as string | null | undefined) ?? null,
    lastAlarmAt: (item.lastAlarmAt as string | null | undefined) ?? null,
    lastOkAt: (item.lastOkAt as string | null | undefined) ?? null,
    runs: Number(item.runs ?? 0),
    version: Number(item.version ?? 0),
  };
}
