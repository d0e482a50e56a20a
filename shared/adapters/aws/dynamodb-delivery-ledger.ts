import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryClaim, DeliveryLedger } from '../../ports/notifier.ts';

/** Longer than the publish step's Lambda timeout: a claim this old belongs to an attempt that died. */
export const DEFAULT_CLAIM_LEASE_MS = 5 * 60_000;

export interface DynamoDbDeliveryLedgerOptions {
  client: DynamoDBDocumentClient;
  /** The incident table: one item per message, `PK = DELIVERY#<key>`, outside every index. */
  tableName: string;
  leaseMs?: number;
  now?: () => number;
}

/**
 * The delivery ledger in the incident table. Only GetItem and PutItem (conditional), which the
 * publishing steps already may use: a claim is a conditional put, sending and giving up overwrite it.
 */
export class DynamoDbDeliveryLedger implements DeliveryLedger {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly leaseMs: number;
  private readonly now: () => number;

  constructor(options: DynamoDbDeliveryLedgerOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.leaseMs = options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS;
    this.now = options.now ?? Date.now;
  }

  async claim(key: string): Promise<DeliveryClaim> {
    const at = this.now();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...itemKey(key), status: 'claimed', at },
          ConditionExpression:
            'attribute_not_exists(PK) OR #status = :released OR (#status = :claimed AND #at < :stale)',
          ExpressionAttributeNames: { '#status': 'status', '#at': 'at' },
          ExpressionAttributeValues: {
            ':released': 'released',
            ':claimed': 'claimed',
            ':stale': at - this.leaseMs,
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: itemKey(key), ConsistentRead: true }),
    );
    return Item?.status === 'sent' ? 'sent' : 'in-progress';
  }

  async markSent(key: string): Promise<void> {
    await this.write(key, 'sent');
  }

  async release(key: string): Promise<void> {
    await this.write(key, 'released');
  }

  private async write(key: string, status: 'sent' | 'released'): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...itemKey(key), status, at: this.now() } }),
    );
  }
}

const itemKey = (key: string) => ({ PK: `DELIVERY#${key}`, SK: 'DELIVERY' });
