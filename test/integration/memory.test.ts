import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFeedback } from '../../shared/analysis/similarity/feedback.ts';
import { MIN_SIMILARITY, rankSimilar } from '../../shared/analysis/similarity/rank.ts';
import { incidentSignature } from '../../shared/analysis/similarity/signature.ts';
import { createLocalWorkflow, folderFetcher } from '../../shared/composition/local.ts';
import {
  type LocalMemory,
  openLocalMemory,
  rememberIncident,
  similarFor,
  withIncidentMemory,
} from '../../shared/composition/local-memory.ts';
import { parseReport, type Report } from '../../shared/domain/report.ts';
import { runWorkflowLocally } from '../../shared/workflow/local-runner.ts';
import { intake } from '../../shared/workflow/steps/intake.ts';
import {
  analyzeFixture,
  CACHE_LEAK,
  loadIncident,
  UNRELATED,
  writeShiftedFolder,
} from '../unit/similarity/incident-fixtures.ts';

let home: string;

/** One `incidentiq analyze` run: open the memory, find the similar incidents, remember, close. */
async function analyzeAndRemember(report: Report): Promise<Report> {
  return withMemory(async (memory) => {
    const similar = await similarFor(memory.store, report, new Date(report.alarm.triggeredAt));
    await rememberIncident(memory.store, report);
    return withIncidentMemory(report, similar);
  });
}

async function withMemory<T>(use: (memory: LocalMemory) => Promise<T>): Promise<T> {
  const memory = await openLocalMemory(home);
  try {
    return await use(memory);
  } finally {
    await memory.close();
  }
}

const frequencyOf = (report: Report) =>
  report.frequency as { label: string; last30Days: number; last90Days: number };

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'incidentiq-memory-'));
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('incident memory across analyses, persisted under --home', () => {
  const first = analyzeFixture(CACHE_LEAK);
  const recurrence = analyzeFixture(CACHE_LEAK, 1);
  const again = analyzeFixture(CACHE_LEAK, 2);

  it('a first incident is new and has no similar incidents', async () => {
    const report = await analyzeAndRemember(first);

    expect(report.similarIncidents).toEqual([]);
    expect(frequencyOf(report)).toEqual({ label: 'new', last30Days: 0, last90Days: 0 });
    expect(report.fixRecommendations).toEqual(first.fixRecommendations);
    for (const name of UNRELATED) await analyzeAndRemember(analyzeFixture(name));
  });

  it('a recurrence a day later finds its twin first, above the unrelated incidents, never itself', async () => {
    const report = await analyzeAndRemember(recurrence);
    const unrelatedIds = UNRELATED.map((name) => analyzeFixture(name).incidentId);

    expect(report.similarIncidents[0]).toMatchObject({ incidentId: first.incidentId, similarity: 1 });
    const ids = report.similarIncidents.map((s) => s.incidentId);
    expect(ids).not.toContain(recurrence.incidentId);
    for (const id of unrelatedIds) expect(ids).not.toContain(id);
    expect(frequencyOf(report)).toEqual({ label: 'rare', last30Days: 1, last90Days: 1 });
    expect(parseReport(report).ok).toBe(true);

    // Every candidate, scored without a minimum: the unrelated incidents score below the twin.
    const ranked = await withMemory(async (memory) =>
      rankSimilar(
        {
          incidentId: recurrence.incidentId,
          signature: incidentSignature(recurrence),
          rootService: recurrence.rootCause.service,
          faultClass: recurrence.rootCause.faultClass,
        },
        await memory.store.candidates({
          rootService: 'itinerary-service',
          faultClass: 'memory_exhaustion',
          limit: 50,
        }),
        new Date(recurrence.alarm.triggeredAt),
        { minSimilarity: 0 },
      ),
    );
    expect(ranked[0]?.incidentId).toBe(first.incidentId);
    for (const id of unrelatedIds) {
      expect(ranked.find((s) => s.incidentId === id)?.similarity ?? 0).toBeLessThan(MIN_SIMILARITY);
    }
  });

  it('re-analyzing the same alarm updates its record instead of adding one', async () => {
    const count = () =>
      withMemory(
        async (memory) =>
          (await memory.store.candidates({ rootService: null, faultClass: 'memory_exhaustion', limit: 50 }))
            .length,
      );
    const before = await count();

    const report = await analyzeAndRemember({ ...first, title: `${first.title}, re-analyzed` });

    expect(await count()).toBe(before);
    expect(report.similarIncidents.map((s) => s.incidentId)).toEqual([recurrence.incidentId]);
    const record = await withMemory((memory) => memory.store.get(first.incidentId));
    expect(record?.title).toBe(`${first.title}, re-analyzed`);
  });

  it('a confirmed incident ranks first and carries its resolution into the fixes', async () => {
    await withMemory((memory) =>
      recordFeedback(memory.store, first.incidentId, {
        verdict: 'confirmed',
        resolution: 'Bounded the render cache and raised the heap limit to 1 GiB.',
      }),
    );

    const report = await analyzeAndRemember(again);

    // Both earlier incidents are exact twins; the confirmed one wins though the other is closer in time.
    expect(report.similarIncidents.map((s) => s.incidentId).slice(0, 2)).toEqual([
      first.incidentId,
      recurrence.incidentId,
    ]);
    expect(report.similarIncidents[0]).toMatchObject({
      verdict: 'confirmed',
      resolution: 'Bounded the render cache and raised the heap limit to 1 GiB.',
    });
    expect(report.fixRecommendations[0]).toMatchObject({
      rank: 1,
      title: `Apply what fixed ${first.incidentId} (${first.title}, re-analyzed)`,
      action: 'Bounded the render cache and raised the heap limit to 1 GiB.',
    });
    expect(frequencyOf(report)).toEqual({ label: 'recurring', last30Days: 2, last90Days: 2 });
    expect(parseReport(report).ok).toBe(true);
  });

  it('the local workflow shares the memory: it finds the twins and labels the frequency', async () => {
    const dir = writeShiftedFolder(home, CACHE_LEAK, 3);
    const workflow = await createLocalWorkflow({ home, fetcher: folderFetcher(dir) });
    let report: Report;
    try {
      const admitted = await intake(loadIncident(CACHE_LEAK, 3).alarmEvent, workflow.deps.blobs);
      if (!admitted.started) throw new Error(admitted.reason);
      const outcome = await runWorkflowLocally(admitted.state, workflow.deps);
      if (!outcome.ok) throw new Error(outcome.error);
      report = JSON.parse(await workflow.deps.blobs.get(outcome.state.reportKey ?? '')) as Report;
      expect(await workflow.deps.store.get(report.incidentId)).not.toBeNull();
    } finally {
      await workflow.close();
    }

    expect(report.similarIncidents[0]?.incidentId).toBe(first.incidentId);
    expect(report.similarIncidents.map((s) => s.incidentId)).toEqual(
      expect.arrayContaining([recurrence.incidentId, again.incidentId]),
    );
    expect(frequencyOf(report)).toEqual({ label: 'recurring', last30Days: 3, last90Days: 3 });
  });
});
