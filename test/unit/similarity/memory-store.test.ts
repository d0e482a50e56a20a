import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DynamoDbIncidentStore,
  ensureIncidentTable,
} from '../../../shared/adapters/aws/dynamodb-incident-store.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/adapters/local/local-dynamo.ts';
import type { EmbeddingScorer } from '../../../shared/analysis/similarity/embeddings.ts';
import {
  CANDIDATE_LIMIT,
  rememberIncident,
  similarFor,
} from '../../../shared/analysis/similarity/incident-memory.ts';
import type { Report } from '../../../shared/domain/report.ts';
import { analyzeFixture, CACHE_LEAK, UNRELATED } from './incident-fixtures.ts';

const TABLE = 'incidentiq-incidents';

describe('incident memory on the DynamoDB adapter (dynalite)', () => {
  let local: LocalDynamo;
  let store: DynamoDbIncidentStore;
  let twin: Report;
  let recurrence: Report;

  beforeAll(async () => {
    local = await startLocalDynamo();
    await ensureIncidentTable(local.client, TABLE);
    store = new DynamoDbIncidentStore({
      client: local.doc,
      tableName: TABLE,
      now: () => new Date('2026-04-10T00:00:00.000Z'),
    });
    twin = analyzeFixture(CACHE_LEAK);
    recurrence = analyzeFixture(CACHE_LEAK, 1);
    await rememberIncident(store, twin);
    for (const name of UNRELATED) await rememberIncident(store, analyzeFixture(name));
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await local.close();
  });

  it('writes the record of a report: services, class, signature, location', async () => {
    const record = await store.get(twin.incidentId);

    expect(record).toMatchObject({
      incidentId: twin.incidentId,
      title: twin.title,
      occurredAt: twin.alarm.triggeredAt,
      alarmName: 'booking-edge-5xx',
      rootService: 'itinerary-service',
      faultClass: 'memory_exhaustion',
      affectedServices: ['itinerary-service', 'booking-edge'],
      reportLocation: `reports/${twin.incidentId}/report.json`,
    });
    expect(record?.signature).toContain('oomkilled');
  });

  it('finds the twin of a recurrence first, above the unrelated incidents', async () => {
    const similar = await similarFor(store, recurrence, new Date(recurrence.alarm.triggeredAt));

    expect(recurrence.incidentId).not.toBe(twin.incidentId);
    expect(similar[0]).toMatchObject({ incidentId: twin.incidentId, similarity: 1 });
    expect(similar.map((s) => s.incidentId)).not.toContain(recurrence.incidentId);
  });

  it('reads with bounded Queries on the indexes, never a Scan', async () => {
    const send = vi.spyOn(local.doc, 'send');

    await similarFor(store, recurrence, new Date(recurrence.alarm.triggeredAt));

    const commands = send.mock.calls.map(
      (call) => call[0] as { constructor: { name: string }; input: { Limit?: number } },
    );
    expect(commands.map((c) => c.constructor.name)).toEqual(Array(4).fill('QueryCommand'));
    for (const c of commands) expect(c.input.Limit).toBe(CANDIDATE_LIMIT);
  });

  it('lists nothing for an inconclusive report, without reading', async () => {
    const send = vi.spyOn(local.doc, 'send');

    expect(await similarFor(store, { ...recurrence, inconclusive: true }, new Date())).toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });

  it('blends in the embeddings of a scorer, and falls back to the lexical ranking when it fails', async () => {
    const at = new Date(recurrence.alarm.triggeredAt);
    const lexical = await similarFor(store, recurrence, at);
    const failing: EmbeddingScorer = { embed: async () => Promise.reject(new Error('no Bedrock here')) };
    const orthogonal: EmbeddingScorer = {
      embed: async (texts) => texts.map((_, i) => (i === 0 ? [1, 0] : [0, 1])),
    };

    expect(await similarFor(store, recurrence, at, { embeddings: failing })).toEqual(lexical);
    const blended = await similarFor(store, recurrence, at, { embeddings: orthogonal });
    expect(blended[0]?.incidentId).toBe(twin.incidentId);
    expect(blended[0]?.similarity).toBe(0.7);
  });

  it('re-analyzing the same alarm updates its record and keeps its feedback', async () => {
    const existing = await store.get(twin.incidentId);
    if (!existing) throw new Error('twin not remembered');
    await store.put({
      ...existing,
      resolution: 'Bounded the render cache.',
      feedback: { verdict: 'confirmed', at: '2026-04-09T00:00:00.000Z' },
    });

    await rememberIncident(
      store,
      { ...twin, title: 'Memory exhaustion in itinerary-service, again' },
      {
        reportLocation: 'elsewhere/report.json',
      },
    );

    const record = await store.get(twin.incidentId);
    expect(record).toMatchObject({
      title: 'Memory exhaustion in itinerary-service, again',
      reportLocation: 'elsewhere/report.json',
      resolution: 'Bounded the render cache.',
      feedback: { verdict: 'confirmed' },
    });
    const candidates = await store.candidates({
      rootService: 'itinerary-service',
      faultClass: 'memory_exhaustion',
      limit: 50,
    });
    expect(candidates.filter((c) => c.incidentId === twin.incidentId)).toHaveLength(1);
    expect((await similarFor(store, twin, new Date())).map((s) => s.incidentId)).not.toContain(
      twin.incidentId,
    );
  });
});
