import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoDbIncidentStore,
  ensureIncidentTable,
} from '../../../shared/adapters/aws/dynamodb-incident-store.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/adapters/local/local-dynamo.ts';
import type { IncidentRecord } from '../../../shared/ports/incident-store.ts';

const TABLE = 'triage-incidents';

const record = (id: string): IncidentRecord => ({
  incidentId: id,
  title: `incident ${id}`,
  occurredAt: '2026-10-30T10:00:00.000Z',
  alarmName: 'queue-depth',
  rootService: 'billing-worker',
  faultClass: 'queue_backlog',
  affectedServices: ['billing-worker'],
  signature: ['backlog'],
  rootCause: 'the worker stopped consuming',
  reportLocation: `reports/${id}/report.json`,
});

describe('DynamoDbIncidentStore.updateTriage against dynalite', () => {
  let local: LocalDynamo;
  let store: DynamoDbIncidentStore;

  beforeAll(async () => {
    local = await startLocalDynamo();
    await ensureIncidentTable(local.client, TABLE);
    store = new DynamoDbIncidentStore({ client: local.doc, tableName: TABLE });
  });

  afterAll(async () => {
    await local.close();
  });

  it('sets status and owner, keeps the rest of the record, and replaces an earlier triage', async () => {
    await store.put({ ...record('INC-0000aa01'), resolution: 'restarted the consumer' });
    const acknowledged = await store.updateTriage('INC-0000aa01', {
      status: 'acknowledged',
      owner: 'dana@example.com',
      at: '2026-10-30T10:05:00.000Z',
    });
    expect(acknowledged).toEqual({
      ...record('INC-0000aa01'),
      resolution: 'restarted the consumer',
      triage: { status: 'acknowledged', owner: 'dana@example.com', at: '2026-10-30T10:05:00.000Z' },
    });

    await store.updateTriage('INC-0000aa01', { status: 'resolved', at: '2026-10-30T11:00:00.000Z' });
    const stored = await store.get('INC-0000aa01');
    expect(stored?.triage).toEqual({ status: 'resolved', at: '2026-10-30T11:00:00.000Z' });
    expect((await store.list({ limit: 5 }))[0]?.triage?.status).toBe('resolved');
  });

  it('creates nothing for an incident the table does not hold', async () => {
    expect(
      await store.updateTriage('INC-0000ffff', { status: 'resolved', at: '2026-10-30T11:00:00.000Z' }),
    ).toBeNull();
    expect(await store.get('INC-0000ffff')).toBeNull();
  });
});
