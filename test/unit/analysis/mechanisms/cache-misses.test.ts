import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { MetricDatapoint, TraceSegment } from '../../../../shared/domain/telemetry.ts';
import { ALARM, byTime, hourly, MIN, spread } from './builders.ts';

const window = computeWindows(ALARM);

/**
 * One fare lookup: the API reads the fare cache and, on a miss, the fare database. `dbSeconds` is
 * null when the cache answered.
 */
function lookup(n: number, at: number, dbSeconds: number | null): TraceSegment[] {
  const traceId = `1-${Math.floor(at / 1000).toString(16)}-${(0xfa2e000 + n).toString(16).padStart(24, '0')}`;
  const s = at / 1000;
  const id = (k: number) => (n * 8 + k).toString(16).padStart(16, '0');
  const db = dbSeconds ?? 0;
  const api: TraceSegment = {
    trace_id: traceId,
    id: id(1),
    name: 'fares-api',
    start_time: s,
    end_time: s + 0.004 + db + 0.002,
    subsegments: [
      { id: id(2), name: 'fares-cache', namespace: 'remote', start_time: s + 0.001, end_time: s + 0.003 },
      ...(dbSeconds === null
        ? []
        : [
            {
              id: id(3),
              name: 'fares-db',
              namespace: 'remote',
              start_time: s + 0.004,
              end_time: s + 0.004 + db,
            },
          ]),
    ],
  };
  const cache: TraceSegment = {
    trace_id: traceId,
    id: id(4),
    parent_id: id(2),
    name: 'fares-cache',
    start_time: s + 0.0012,
    end_time: s + 0.0028,
  };
  const database: TraceSegment[] =
    dbSeconds === null
      ? []
      : [
          {
            trace_id: traceId,
            id: id(5),
            parent_id: id(3),
            name: 'fares-db',
            start_time: s + 0.0042,
            end_time: s + 0.0038 + db,
          },
        ];
  return [api, cache, ...database];
}

const metric = (
  name: string,
  pod: string,
  unit: string,
  value: (minute: number) => number,
): MetricDatapoint[] =>
  hourly(
    {
      namespace: 'ContainerInsights',
      metricName: name,
      dimensions: { ClusterName: 'fares', Namespace: 'default', PodName: pod },
      stat: 'Average',
      unit,
    },
    value,
  );

/**
 * A fare API reads through a Redis cache to its database. The cache fills to its memory limit 9
 * minutes before the alarm and evicts hot keys: most reads now miss and go to the database, whose
 * CPU climbs and whose reads slow down; the API times out.
 */
function telemetry(cacheEvicts: boolean) {
  const traces = [
    ...Array.from({ length: 50 }, (_, i) =>
      lookup(i, ALARM - (58 - i * 0.8) * MIN, i % 10 === 0 ? 0.008 : null),
    ).flat(),
    ...Array.from({ length: 40 }, (_, i) =>
      lookup(200 + i, ALARM - (8 - i * 0.2) * MIN, cacheEvicts || i % 10 === 0 ? 0.9 + (i % 5) * 0.05 : null),
    ).flat(),
  ];
  const metrics = [
    ...metric('evicted_keys', 'fares-cache-0', 'Count', (m) => (cacheEvicts && m < 10 ? 4000 + m * 10 : 0)),
    ...metric('pod_cpu_utilization', 'fares-db-0', 'Percent', (m) => (m < 8 ? 96 + (m % 3) : 22 + (m % 4))),
  ];
  return { metrics, traces, notes: [] };
}

function logs() {
  return byTime([
    ...spread('/eks/fares-api', 58, 0, 580, (i) => `INFO GET /fares/${i} 200 in ${6 + (i % 4)} ms`),
    ...spread('/eks/fares-db', 58, 0, 58, () => 'LOG:  checkpoint complete: wrote 40 buffers'),
    ...spread(
      '/eks/fares-cache',
      58,
      0,
      29,
      () => '1:M 11 Aug 2026 03:00:00.000 * Background saving started by pid 77',
    ),
    ...spread(
      '/eks/fares-db',
      8,
      0,
      60,
      (i) => `LOG:  duration: ${900 + i} ms  statement: SELECT * FROM fares WHERE route = $1`,
    ),
    ...spread(
      '/eks/fares-api',
      7.5,
      0,
      60,
      (i) => `ERROR GET /fares/${900 + i} failed: fares-db query timed out after 800 ms`,
    ),
  ]);
}

describe('a cache whose misses went to the database behind it', () => {
  it('is the origin the database reports, not the database its misses loaded', () => {
    const f = correlate({ events: logs() }, window, [], telemetry(true));
    expect(f.root?.service).toBe('fares-cache');
    expect(['cache_failure', 'memory_exhaustion']).toContain(f.classification.faultClass);
  });

  it('leaves the database the origin when the cache kept its keys', () => {
    const f = correlate({ events: logs() }, window, [], telemetry(false));
    expect(f.root?.service).toBe('fares-db');
  });
});
