/**
 * Incident memory at scale: 10,000 past incidents in dynalite (varied services, classes and
 * months), then the time and the number of items read to find the incidents similar to a new
 * one. Prints; asserts nothing. Run: node bin/run-ts.js bench/similarity-bench.ts
 */
import {
  DynamoDbIncidentStore,
  ensureIncidentTable,
} from '../shared/adapters/aws/dynamodb-incident-store.ts';
import { startLocalDynamo } from '../shared/adapters/local/local-dynamo.ts';
import { rankSimilar } from '../shared/analysis/similarity/rank.ts';
import { FAULT_CLASSES, type FaultClass } from '../shared/domain/fault-class.ts';
import type { IncidentRecord } from '../shared/ports/incident-store.ts';

const PAST = 10_000;
const RUNS = 50;
const WRITERS = 32;
const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY_MS = 86_400_000;
const SERVICES = Array.from({ length: 60 }, (_, i) => `service-${String(i).padStart(2, '0')}`);
const ROLES = ['api', 'worker', 'database', 'cache', 'queue', 'gateway'];
const WORDS = Array.from(
  { length: 400 },
  (_, i) => `word${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}x`,
);
const CLASSES = FAULT_CLASSES.filter((c) => c !== 'unknown');

/** A deterministic pseudo-random generator (mulberry32), so every run builds the same table. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

function pastIncident(i: number): IncidentRecord {
  const root = pick(SERVICES);
  const faultClass: FaultClass = pick(CLASSES);
  const services = [root, pick(SERVICES), pick(SERVICES)];
  const words = Array.from({ length: 15 }, () => pick(WORDS));
  const id = `INC-${i.toString(16).padStart(8, '0')}`;
  return {
    incidentId: id,
    title: `${faultClass} in ${root}`,
    occurredAt: new Date(NOW.getTime() - Math.floor(rand() * 730) * DAY_MS - i * 1000).toISOString(),
    alarmName: `${root}-errors`,
    rootService: root,
    faultClass,
    affectedServices: [...new Set(services)],
    signature: [
      ...new Set([
        `class:${faultClass}`,
        `root:${root}`,
        ...services.map((s) => `service:${s}:${pick(ROLES)}`),
        ...words,
      ]),
    ].sort(),
    rootCause: `${root} failed with ${faultClass}.`,
    reportLocation: `reports/${id}/report.json`,
  };
}

const local = await startLocalDynamo();
let itemsRead = 0;
// Counts every item a read returns, before the adapter sees it.
local.client.middlewareStack.add(
  (next) => async (args) => {
    const result = await next(args);
    const output = result.output as { Items?: unknown[]; Item?: unknown } | undefined;
    itemsRead += output?.Items?.length ?? (output?.Item ? 1 : 0);
    return result;
  },
  { step: 'initialize', name: 'countItemsRead' },
);
try {
  await ensureIncidentTable(local.client, 'incidents');
  const store = new DynamoDbIncidentStore({ client: local.doc, tableName: 'incidents', now: () => NOW });

  const loadStart = performance.now();
  const records = Array.from({ length: PAST }, (_, i) => pastIncident(i));
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      for (let i = next++; i < records.length; i = next++) await store.put(records[i] as IncidentRecord);
    }),
  );
  const loadMs = performance.now() - loadStart;
  console.log(`loaded ${PAST} past incidents in ${(loadMs / 1000).toFixed(1)} s`);

  const recent = records.filter((r) => NOW.getTime() - Date.parse(r.occurredAt) <= 60 * DAY_MS);
  const measure = async (label: string, pool: readonly IncidentRecord[]) => {
    const timings: number[] = [];
    const reads: number[] = [];
    let found = 0;
    for (let run = 0; run < RUNS; run++) {
      // A recurrence of a past incident: its twin should come first.
      const twin = pick(pool);
      const current = { ...twin, incidentId: `INC-f${run.toString(16).padStart(7, '0')}` };
      itemsRead = 0;
      const started = performance.now();
      const candidates = await store.candidates({
        rootService: current.rootService,
        faultClass: current.faultClass,
        limit: 50,
      });
      const similar = rankSimilar(current, candidates, NOW);
      timings.push(performance.now() - started);
      reads.push(itemsRead);
      if (similar[0]?.incidentId === twin.incidentId) found++;
    }
    const at = (xs: number[], q: number) =>
      [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
    console.log(`${label}, ${RUNS} runs against ${PAST} past incidents:`);
    console.log(
      `  time        median ${at(timings, 0.5).toFixed(1)} ms, p95 ${at(timings, 0.95).toFixed(1)} ms, max ${Math.max(...timings).toFixed(1)} ms`,
    );
    console.log(
      `  items read  median ${at(reads, 0.5)}, max ${Math.max(...reads)} (4 Queries of at most 50, no Scan)`,
    );
    console.log(`  twin first  ${found}/${RUNS}`);
  };
  await measure('recurrence of an incident of the last 60 days', recent);
  // Only the newest 50 of the root service and of the class are candidates: an older twin is
  // found only when it is among them.
  await measure('recurrence of an incident of any age (up to 2 years)', records);
} finally {
  await local.close();
}
