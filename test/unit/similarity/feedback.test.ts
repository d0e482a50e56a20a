import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoDbIncidentStore,
  ensureIncidentTable,
} from '../../../shared/adapters/aws/dynamodb-incident-store.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/adapters/local/local-dynamo.ts';
import { FeedbackError, recordFeedback } from '../../../shared/analysis/similarity/feedback.ts';
import type { IncidentRecord } from '../../../shared/ports/incident-store.ts';

const TABLE = 'incidents';
const AT = new Date('2026-04-09T10:00:00.000Z');

const record: IncidentRecord = {
  incidentId: 'INC-0000000a',
  title: 'Memory exhaustion in payment-service',
  occurredAt: '2026-04-08T14:43:00.000Z',
  alarmName: 'checkout-gateway-error-rate',
  rootService: 'payment-service',
  faultClass: 'memory_exhaustion',
  affectedServices: ['payment-service'],
  signature: ['class:memory_exhaustion', 'oomkilled'],
  rootCause: 'payment-service ran out of memory.',
  reportLocation: 'reports/INC-0000000a/report.json',
};

describe('recordFeedback against dynalite', () => {
  let local: LocalDynamo;
  let store: DynamoDbIncidentStore;

  beforeAll(async () => {
    local = await startLocalDynamo();
    await ensureIncidentTable(local.client, TABLE);
    store = new DynamoDbIncidentStore({ client: local.doc, tableName: TABLE });
    await store.put(record);
  });

  afterAll(async () => {
    await local.close();
  });

  it('records a confirmation with its resolution and note', async () => {
    const updated = await recordFeedback(
      store,
      record.incidentId,
      { verdict: 'confirmed', resolution: ' Evicted the coupon cache. ', note: 'seen twice' },
      AT,
    );

    expect(updated).toEqual({
      ...record,
      resolution: 'Evicted the coupon cache.',
      feedback: { verdict: 'confirmed', note: 'seen twice', at: AT.toISOString() },
    });
    expect(await store.get(record.incidentId)).toEqual(updated);
  });

  it('records a correction, keeping the earlier resolution', async () => {
    await recordFeedback(
      store,
      record.incidentId,
      {
        verdict: 'corrected',
        correctedRootCause: 'A coupon cache without eviction.',
      },
      AT,
    );

    expect(await store.get(record.incidentId)).toMatchObject({
      resolution: 'Evicted the coupon cache.',
      feedback: { verdict: 'corrected', correctedRootCause: 'A coupon cache without eviction.' },
    });
  });

  it('refuses an unknown incident and an incomplete verdict', async () => {
    await expect(recordFeedback(store, 'INC-ffffffff', { verdict: 'confirmed' })).rejects.toThrow(
      FeedbackError,
    );
    await expect(recordFeedback(store, record.incidentId, { verdict: 'corrected' })).rejects.toThrow(
      /real root cause/,
    );
    await expect(
      recordFeedback(store, record.incidentId, { verdict: 'confirmed', correctedRootCause: 'x' }),
    ).rejects.toThrow(/no corrected root cause/);
  });
});
