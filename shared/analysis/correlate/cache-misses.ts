import { metricKind } from '../telemetry/metric-kinds.ts';
import type { ServiceTelemetry, TelemetryFindings } from '../telemetry/types.ts';
import { TELEMETRY_ORIGIN } from './fault-reports.ts';
import { roleOfResource } from './roles.ts';

/** A metric's datapoint period: this late after the cache's onset the database's still follows it. */
const STEP_MS = 120_000;

/** Whether what moved in a service says a cache lost its keys (evictions, misses up, hits down). */
function cacheFailed(t: ServiceTelemetry): boolean {
  return t.series.some((s) => metricKind(s.metricName, s.unit, s.stat).hint === 'cache_failure');
}

/**
 * Caches whose misses went to a database: when a cache's evictions or misses rose (or its hits
 * fell) no later than the database began to move, and a service that calls the cache also calls
 * the database, the database's load is the misses the cache sent it (the cache-aside pattern: a
 * read the cache misses is read from the database). Pairs of [database, cache].
 */
export function missedInto(telemetry: TelemetryFindings | null): [string, string][] {
  if (!telemetry) return [];
  const services = telemetry.services;
  const caches = services.filter((t) => cacheFailed(t) && t.onset !== null);
  const databases = services.filter(
    (t) => t.score >= TELEMETRY_ORIGIN && roleOfResource(t.service, t.series[0]?.namespace) === 'database',
  );
  const callersOf = (service: string) =>
    new Set(telemetry.callGraph.filter((e) => e.callee === service).map((e) => e.caller));
  const out: [string, string][] = [];
  for (const db of databases) {
    const dbCallers = callersOf(db.service);
    for (const cache of caches) {
      const dbMoved = db.onset;
      if (cache.service === db.service || dbMoved === null || (cache.onset ?? 0) > dbMoved + STEP_MS)
        continue;
      const shared = [...callersOf(cache.service)].some((caller) => dbCallers.has(caller));
      if (shared) out.push([db.service, cache.service]);
    }
  }
  return out;
}
