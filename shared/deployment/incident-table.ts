/**
 * The incident table, single-table design. One item per incident:
 *
 *   PK = INCIDENT#<id>                 SK = META
 *   GSI1PK = SERVICE#<rootService>#CLASS#<faultClass>
 *                                      GSI1SK = <occurredAt>#<id>   the same failure in the same place, of any
 *                                                                   age (sparse: absent when the root service
 *                                                                   is unknown)
 *   GSI2PK = CLASS#<faultClass>        GSI2SK = <occurredAt>#<id>   same fault class
 *   GSI3PK = RECENT#<yyyy-mm>          GSI3SK = <occurredAt>#<id>   recent incidents, one partition a month
 *
 * Alarm states (`ALARM#`) and delivery claims (`DELIVERY#`) share the table. The one definition of
 * it, used by the CDK construct, the DynamoDB adapter and the local stand-in; its shape is
 * DynamoDB's CreateTable input, written out so the contract needs no SDK.
 */

/** Every key attribute of the table and its indexes (all strings). */
export const INCIDENT_KEY_ATTRIBUTES = [
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'GSI3PK',
  'GSI3SK',
] as const;

/**
 * The attribute the table's time to live reads (epoch seconds). Only items meant to be forgotten
 * carry it (the console's logout records); incidents never do.
 */
export const INCIDENT_TTL_ATTRIBUTE = 'ttl';

export const INCIDENT_INDEXES = { byService: 'GSI1', byClass: 'GSI2', recent: 'GSI3' } as const;

export interface TableKeyElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface IncidentTableSchema {
  BillingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  KeySchema: TableKeyElement[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  GlobalSecondaryIndexes: {
    IndexName: string;
    KeySchema: TableKeyElement[];
    Projection: { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
  }[];
}

const gsi = (name: string): IncidentTableSchema['GlobalSecondaryIndexes'][number] => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: `${name}PK`, KeyType: 'HASH' },
    { AttributeName: `${name}SK`, KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: 'ALL' },
});

export const INCIDENT_TABLE_SCHEMA: IncidentTableSchema = {
  BillingMode: 'PAY_PER_REQUEST',
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
  AttributeDefinitions: INCIDENT_KEY_ATTRIBUTES.map((name) => ({
    AttributeName: name,
    AttributeType: 'S' as const,
  })),
  GlobalSecondaryIndexes: Object.values(INCIDENT_INDEXES).map(gsi),
};
