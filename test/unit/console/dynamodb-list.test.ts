import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DynamoDbIncidentStore,
  ensureIncidentTable,
  LIST_HORIZON_MONTHS,
} from '../../../shared/adapters/aws/dynamodb-incident-store.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/adapters/local/local-dynamo.ts';
import type { IncidentRecord } from '../../../shared/ports/incident-store.ts';

const TABLE = 'incidents';

const record = (id: string, occurredAt: string): IncidentRecord => ({
  incidentId: id,
  title: `incident ${id}`,
  occurredAt,
  alarmName: 'alarm',
  rootService: 'svc',
  faultClass: 'memory_exhaustion',
  affectedServices: ['svc'],
  signature: ['oom'],
  rootCause: 'out of memory',
  reportLocation: `reports/${id}/report.json`,
});

/** Spread over months, one in the same millisecond as another, one beyond the horizon. */
const RECORDS = [
  record('INC-00000001', '2026-10-30T10:00:00.000Z'),
  record('INC-00000002', '2026-10-02T08:00:00+02:00'),
  record('INC-00000003', '2026-08-15T12:00:00.000Z'),
  record('INC-00000004', '2026-08-01T00:00:00.000Z'),
  record('INC-00000005', '2025-12-31T23:59:59.000Z'),
  record('INC-00000006', '2023-01-01T00:00:00.000Z'),
];

describe('DynamoDbIncidentStore.list against dynalite', () => {
  let local: LocalDynamo;
  let store: DynamoDbIncidentStore;

  beforeAll(async () => {
    local = await startLocalDynamo();
    await ensureIncidentTable(local.client, TABLE);
    store = new DynamoDbIncidentStore({
      client: local.doc,
      tableName: TABLE,
      now: () => new Date('2026-11-05T00:00:00.000Z'),
    });
    for (const r of RECORDS) await store.put(r);
  });

  afterAll(async () => {
    await local.close();
  });

  const ids = (records: IncidentRecord[]) => records.map((r) => r.incidentId);

  it('lists the newest first across months, up to the horizon', async () => {
    expect(ids(await store.list({ limit: 50 }))).toEqual([
      'INC-00000001',
      'INC-00000002',
      'INC-00000003',
      'INC-00000004',
      'INC-00000005',
    ]);
  });

  it('stops at the limit', async () => {
    expect(ids(await store.list({ limit: 3 }))).toEqual(['INC-00000001', 'INC-00000002', 'INC-00000003']);
    expect(await store.list({ limit: 0 })).toEqual([]);
  });

  it('pages with `before`: strictly older, in any time zone notation', async () => {
    expect(ids(await store.list({ limit: 2, before: '2026-10-02T06:00:00.000Z' }))).toEqual([
      'INC-00000003',
      'INC-00000004',
    ]);
    expect(ids(await store.list({ limit: 2, before: '2026-08-15T14:00:00+02:00' }))).toEqual([
      'INC-00000004',
      'INC-00000005',
    ]);
  });

  it('reads the recent-month index only, never scanning', async () => {
    const send = vi.spyOn(local.doc, 'send');
    await store.list({ limit: 50 });

    const inputs = send.mock.calls.map(([command]) => command.input as Record<string, unknown>);
    expect(inputs).toHaveLength(LIST_HORIZON_MONTHS);
    for (const input of inputs) expect(input).toMatchObject({ IndexName: 'GSI3', ScanIndexForward: false });
    expect(send.mock.calls.every(([command]) => command.constructor.name === 'QueryCommand')).toBe(true);
    send.mockRestore();
  });
});
