/**
 * The incident store on the incident table, whose keys and indexes are the deployment contract's
 * (`shared/deployment/incident-table.ts`). `occurredAt` in the sort keys is normalized to UTC
 * ISO-8601 so the keys sort by time. Finding candidates is a handful of bounded, newest-first
 * queries, never a Scan. Nothing relies on transactions or TTL (dynalite, the local stand-in, has
 * neither).
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  INCIDENT_INDEXES,
  INCIDENT_KEY_ATTRIBUTES,
  INCIDENT_TABLE_SCHEMA,
} from '../../deployment/incident-table.ts';
import type { FaultClass } from '../../domain/fault-class.ts';
import type { IncidentRecord, IncidentStore, IncidentTriage } from '../../ports/incident-store.ts';

const META = 'META';
/** How many month partitions `list` reads back at most: older incidents are not listed. */
export const LIST_HORIZON_MONTHS = 36;

/** Creates the table when it does not exist, then waits until it is ACTIVE. */
export async function ensureIncidentTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    try {
      await client.send(new CreateTableCommand({ TableName: tableName, ...INCIDENT_TABLE_SCHEMA }));
    } catch (createError) {
      // Another process created it first.
      if (!(createError instanceof ResourceInUseException)) throw createError;
    }
  }
  await waitUntilTableExists(
    { client, minDelay: 1, maxDelay: 5, maxWaitTime: 300 },
    { TableName: tableName },
  );
}

export interface DynamoDbIncidentStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The current time, which decides which months count as recent. */
  now?: () => Date;
}

export class DynamoDbIncidentStore implements IncidentStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly now: () => Date;

  constructor(options: DynamoDbIncidentStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.now = options.now ?? (() => new Date());
  }

  /** Writes the incident, replacing an earlier record of the same id (a re-analysis). */
  async put(record: IncidentRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: toItem(record) }));
  }

  async get(incidentId: string): Promise<IncidentRecord | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: incidentKey(incidentId), SK: META } }),
    );
    return Item ? fromItem(Item) : null;
  }

  /** One attribute set on an existing item (UpdateItem, conditional on the item existing). */
  async updateTriage(incidentId: string, triage: IncidentTriage): Promise<IncidentRecord | null> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: incidentKey(incidentId), SK: META },
          UpdateExpression: 'SET #triage = :triage',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#triage': 'triage' },
          ExpressionAttributeValues: { ':triage': JSON.parse(JSON.stringify(triage)) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? fromItem(Attributes) : null;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }

  /**
   * Newest first from each source: the root service (when known), the fault class, and the current
   * and previous month. `limit` bounds each query, so at most 4 × limit items are read; the merged
   * list holds each incident once, in source order.
   */
  async candidates(query: {
    rootService: string | null;
    faultClass: FaultClass;
    limit: number;
  }): Promise<IncidentRecord[]> {
    const limit = Math.floor(query.limit);
    if (!(limit > 0)) return [];
    const [current, previous] = recentMonths(this.now());
    const lookups: { index: string; key: string }[] = [];
    if (query.rootService) {
      lookups.push({
        index: INCIDENT_INDEXES.byService,
        key: serviceKey(query.rootService, query.faultClass),
      });
    }
    lookups.push(
      { index: INCIDENT_INDEXES.byClass, key: classKey(query.faultClass) },
      { index: INCIDENT_INDEXES.recent, key: recentKey(current) },
      { index: INCIDENT_INDEXES.recent, key: recentKey(previous) },
    );
    const pages = await Promise.all(lookups.map(({ index, key }) => this.newest(index, key, limit)));
    const byId = new Map<string, IncidentRecord>();
    for (const record of pages.flat()) if (!byId.has(record.incidentId)) byId.set(record.incidentId, record);
    return [...byId.values()];
  }

  /**
   * The newest incidents first: the recent-month index (GSI3), one month partition at a time from
   * the month of `before` (or now) backwards, until `limit` items or LIST_HORIZON_MONTHS months.
   */
  async list(query: { limit: number; before?: string }): Promise<IncidentRecord[]> {
    const limit = Math.floor(query.limit);
    if (!(limit > 0)) return [];
    const before = query.before === undefined ? undefined : utcIso(query.before);
    const start = before ? new Date(before) : this.now();
    const found: IncidentRecord[] = [];
    for (let back = 0; back < LIST_HORIZON_MONTHS && found.length < limit; back++) {
      const month = monthOf(start.getUTCFullYear(), start.getUTCMonth() - back);
      found.push(...(await this.monthNewest(month, limit - found.length, before)));
    }
    return found;
  }

  /** Up to `limit` incidents of one month, newest first, strictly before `before` when given. */
  private async monthNewest(month: string, limit: number, before?: string): Promise<IncidentRecord[]> {
    const index = INCIDENT_INDEXES.recent;
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index,
          KeyConditionExpression: before ? '#pk = :pk AND #sk < :before' : '#pk = :pk',
          ExpressionAttributeNames: { '#pk': `${index}PK`, ...(before ? { '#sk': `${index}SK` } : {}) },
          ExpressionAttributeValues: { ':pk': recentKey(month), ...(before ? { ':before': before } : {}) },
          ScanIndexForward: false,
          Limit: limit - items.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return items.map(fromItem);
  }

  private async newest(index: string, partitionKey: string, limit: number): Promise<IncidentRecord[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': `${index}PK` },
        ExpressionAttributeValues: { ':pk': partitionKey },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.map(fromItem);
  }
}

const incidentKey = (id: string) => `INCIDENT#${id}`;
// Service and class together: the most telling candidates (the same failure in the same place)
// are then found whatever their age, not only while they are among a busy service's newest.
const serviceKey = (service: string, faultClass: FaultClass) => `SERVICE#${service}#CLASS#${faultClass}`;
const classKey = (faultClass: FaultClass) => `CLASS#${faultClass}`;
const recentKey = (month: string) => `RECENT#${month}`;

function utcIso(occurredAt: string): string {
  const time = Date.parse(occurredAt);
  if (Number.isNaN(time)) throw new Error(`incident occurredAt is not a date: ${occurredAt}`);
  return new Date(time).toISOString();
}

/** `yyyy-mm` of this month and the previous one, in UTC. */
function recentMonths(now: Date): [string, string] {
  const month = (year: number, monthIndex: number) =>
    new Date(Date.UTC(year, monthIndex, 1)).toISOString().slice(0, 7);
  return [month(now.getUTCFullYear(), now.getUTCMonth()), month(now.getUTCFullYear(), now.getUTCMonth() - 1)];
}

/** `yyyy-mm` of a month; `monthIndex` may run below 0 (earlier years). */
function monthOf(year: number, monthIndex: number): string {
  return new Date(Date.UTC(year, monthIndex, 1)).toISOString().slice(0, 7);
}

function toItem(record: IncidentRecord): Record<string, unknown> {
  const at = utcIso(record.occurredAt);
  const sortKey = `${at}#${record.incidentId}`;
  // Through JSON so optional fields left undefined are dropped: the SDK rejects undefined values.
  const attributes = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  return {
    ...attributes,
    PK: incidentKey(record.incidentId),
    SK: META,
    ...(record.rootService
      ? { GSI1PK: serviceKey(record.rootService, record.faultClass), GSI1SK: sortKey }
      : {}),
    GSI2PK: classKey(record.faultClass),
    GSI2SK: sortKey,
    GSI3PK: recentKey(at.slice(0, 7)),
    GSI3SK: sortKey,
  };
}

function fromItem(item: Record<string, unknown>): IncidentRecord {
  const record: Record<string, unknown> = { ...item };
  for (const name of INCIDENT_KEY_ATTRIBUTES) delete record[name];
  return record as unknown as IncidentRecord;
}
