import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { INCIDENT_TTL_ATTRIBUTE } from '../../deployment/incident-table.ts';
import type { SessionRevocations } from './types.ts';

const CALL_TIMEOUT_MS = 3_000;

/**
 * Logouts in the incident table, one small item per user:
 *   PK = SESSIONS#<sub>   SK = REVOKED   revokedAt (seconds)   ttl (seconds)
 * No index key, so it never shows in the incident lists. Read consistently on every request; a write
 * only moves `revokedAt` forward (two logouts racing keep the later one).
 */
export class DynamoDbSessionRevocations implements SessionRevocations {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async revoke(sub: string, at: number, keepUntil: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(sub),
          UpdateExpression: 'SET revokedAt = :at, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(revokedAt) OR revokedAt < :at',
          ExpressionAttributeNames: { '#ttl': INCIDENT_TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':at': at, ':ttl': keepUntil },
        }),
        { abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) },
      );
    } catch (error) {
      // A later (or the same) logout is on record already: nothing to move.
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as Error).name === 'ConditionalCheckFailedException'
      )
        return;
      throw error;
    }
  }

  async revokedAt(sub: string): Promise<number | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(sub), ConsistentRead: true }),
      { abortSignal: AbortSignal.timeout(CALL_TIMEOUT_MS) },
    );
    const at = Item?.revokedAt;
    if (Item && typeof at !== 'number') throw new Error(`the logout record of ${sub} has no revokedAt`);
    return typeof at === 'number' ? at : null;
  }
}

const keyOf = (sub: string) => ({ PK: `SESSIONS#${sub}`, SK: 'REVOKED' });
