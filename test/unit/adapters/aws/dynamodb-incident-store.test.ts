import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DynamoDbIncidentStore,
  ensureIncidentTable,
} from '../../../../shared/adapters/aws/dynamodb-incident-store.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../../shared/adapters/local/local-dynamo.ts';
import { INCIDENT_TABLE_SCHEMA } from '../../../../shared/deployment/incident-table.ts';
import type { IncidentRecord } from '../../../../shared/ports/incident-store.ts';

const TABLE = 'incidentiq-incidents';
const NOW = new Date('2026-04-20T12:00:00.000Z');

function record(id: string, overrides: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    incidentId: id,
    title: `Incident ${id}`,
    occurredAt: '2026-04-08T14:03:00.000Z',
    alarmName: 'payment-errors',
    rootService: 'payment-service',
    faultClass: 'memory_exhaustion',
    affectedServices: ['payment-service', 'checkout'],
    signature: ['heap', 'out', 'of', 'memory'],
    rootCause: 'The payment service ran out of heap.',
    reportLocation: `reports/${id}/report.json`,
    ...overrides,
  };
}

/** The commands a spied `send` was given, by class name. */
function sentCommandNames(send: { mock: { calls: unknown[][] } }): string[] {
  return send.mock.calls.map((call) => (call[0] as object).constructor.name);
}

describe('DynamoDbIncidentStore against dynalite', () => {
  let local: LocalDynamo;
  let store: DynamoDbIncidentStore;

  beforeAll(async () => {
    local = await startLocalDynamo();
    await ensureIncidentTable(local.client, TABLE);
    store = new DynamoDbIncidentStore({ client: local.doc, tableName: TABLE, now: () => NOW });
    await Promise.all([
      store.put(record('svc-old', { occurredAt: '2025-01-10T00:00:00.000Z' })),
      store.put(record('svc-new', { occurredAt: '2025-06-10T00:00:00.000Z' })),
      store.put(
        record('cls-only', {
          occurredAt: '2025-03-01T00:00:00.000Z',
          rootService: 'orders',
          faultClass: 'dependency_timeout',
        }),
      ),
      store.put(
        record('unrelated-recent', {
          occurredAt: '2026-04-19T08:00:00.000Z',
          rootService: 'search',
          faultClass: 'dns_failure',
        }),
      ),
      store.put(
        record('unrelated-last-month', {
          occurredAt: '2026-03-31T23:59:59.000+00:00',
          rootService: null,
          faultClass: 'disk_full',
        }),
      ),
      store.put(
        record('unrelated-older', {
          occurredAt: '2026-02-01T00:00:00.000Z',
          rootService: 'search',
          faultClass: 'dns_failure',
        }),
      ),
    ]);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await local.close();
  });

  it('creates the table from the shared schema, and leaves an existing one alone', async () => {
    await ensureIncidentTable(local.client, TABLE);

    expect(INCIDENT_TABLE_SCHEMA.BillingMode).toBe('PAY_PER_REQUEST');
    expect(INCIDENT_TABLE_SCHEMA.GlobalSecondaryIndexes.map((index) => index.IndexName)).toEqual([
      'GSI1',
      'GSI2',
      'GSI3',
    ]);
  });

  it('gets back what it put, optional fields included, and null for an unknown id', async () => {
    const full = record('full', {
      rootService: 'ledger',
      resolution: 'Raised the heap limit and fixed the cache leak.',
      feedback: { verdict: 'corrected', correctedRootCause: 'A cache leak.', at: '2026-04-09T10:00:00.000Z' },
    });
    await store.put(full);

    expect(await store.get('full')).toEqual(full);
    expect(await store.get('svc-old')).toEqual(record('svc-old', { occurredAt: '2025-01-10T00:00:00.000Z' }));
    expect(await store.get('nope')).toBeNull();
  });

  it('replaces the record when the same incident is put again', async () => {
    const before = { rootService: 'ledger', occurredAt: '2025-05-01T00:00:00.000Z' };
    await store.put(record('again', { ...before, title: 'first' }));
    await store.put(record('again', { ...before, title: 'second', faultClass: 'cpu_saturation' }));

    expect((await store.get('again'))?.title).toBe('second');
    const byOldClass = await store.candidates({
      rootService: null,
      faultClass: 'memory_exhaustion',
      limit: 50,
    });
    const byNewClass = await store.candidates({ rootService: null, faultClass: 'cpu_saturation', limit: 50 });
    expect(byOldClass.map((r) => r.incidentId)).not.toContain('again');
    expect(byNewClass.map((r) => r.incidentId)).toContain('again');
  });

  it('finds the same failure in the same place at any age, the same class, and recent incidents', async () => {
    const found = await store.candidates({
      rootService: 'orders',
      faultClass: 'memory_exhaustion',
      limit: 10,
    });
    const ids = found.map((r) => r.incidentId);

    expect(ids).toEqual(expect.arrayContaining(['svc-old', 'svc-new'])); // same class
    expect(ids).toEqual(expect.arrayContaining(['unrelated-recent', 'unrelated-last-month'])); // recent
    expect(ids).not.toContain('cls-only'); // the same service failing otherwise, long ago
    expect(ids).not.toContain('unrelated-older');

    const twin = await store.candidates({
      rootService: 'orders',
      faultClass: 'dependency_timeout',
      limit: 10,
    });
    expect(twin.map((r) => r.incidentId)).toContain('cls-only'); // same service and class, a year old
  });

  it('lists each incident once, however many sources found it', async () => {
    const found = await store.candidates({
      rootService: 'payment-service',
      faultClass: 'memory_exhaustion',
      limit: 10,
    });
    const ids = found.map((r) => r.incidentId);

    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['svc-old', 'svc-new']));
  });

  it('reads newest first and no more than the limit from each index', async () => {
    const send = vi.spyOn(local.doc, 'send');

    const found = await store.candidates({
      rootService: 'payment-service',
      faultClass: 'memory_exhaustion',
      limit: 1,
    });

    const fromService = found.filter((r) => r.rootService === 'payment-service');
    expect(fromService.map((r) => r.incidentId)).toEqual(['svc-new']);
    expect(found.length).toBeLessThanOrEqual(4);
    const limits = send.mock.calls.map((call) => (call[0] as { input: { Limit?: number } }).input.Limit);
    expect(limits).toEqual([1, 1, 1, 1]);
  });

  it('never scans: every read is a Query on an index', async () => {
    const docSend = vi.spyOn(local.doc, 'send');
    const rawSend = vi.spyOn(local.client, 'send');

    await store.candidates({ rootService: 'search', faultClass: 'dns_failure', limit: 25 });
    await store.candidates({ rootService: null, faultClass: 'unknown', limit: 25 });

    const names = [...sentCommandNames(docSend), ...sentCommandNames(rawSend)];
    expect(names).not.toContain('ScanCommand');
    expect(sentCommandNames(docSend)).toEqual(Array(7).fill('QueryCommand'));
  });

  it('returns nothing for a limit below one, without reading', async () => {
    const send = vi.spyOn(local.doc, 'send');

    expect(
      await store.candidates({ rootService: 'payment-service', faultClass: 'unknown', limit: 0 }),
    ).toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });

  it('rejects a record whose occurredAt is not a date', async () => {
    await expect(store.put(record('bad-date', { occurredAt: 'yesterday' }))).rejects.toThrow(/not a date/);
  });
});

describe('DynamoDbIncidentStore persisted under a path', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'incidentiq-dynalite-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('still has the record after the local DynamoDB is closed and started again', async () => {
    const path = join(dir, 'db');
    const first = await startLocalDynamo({ path });
    await ensureIncidentTable(first.client, TABLE);
    await new DynamoDbIncidentStore({ client: first.doc, tableName: TABLE }).put(record('kept'));
    await first.close();

    const second = await startLocalDynamo({ path });
    try {
      await ensureIncidentTable(second.client, TABLE);
      const store = new DynamoDbIncidentStore({ client: second.doc, tableName: TABLE });
      expect(await store.get('kept')).toEqual(record('kept'));
    } finally {
      await second.close();
    }
  });
});
