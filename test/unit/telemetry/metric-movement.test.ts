import { describe, expect, it } from 'vitest';
import { metricKind } from '../../../shared/analysis/telemetry/metric-kinds.ts';
import {
  levelledOffAtCeiling,
  type Movement,
  scanMovements,
} from '../../../shared/analysis/telemetry/metric-movement.ts';
import { type MetricSeries, seriesFromPoints } from '../../../shared/analysis/telemetry/metric-series.ts';

const MIN = 60_000;

function seriesOf(metricName: string, values: number[], unit?: string): MetricSeries {
  return seriesFromPoints(
    {
      key: metricName,
      namespace: 'Test',
      metricName,
      stat: 'Average',
      ...(unit ? { unit } : {}),
      period: 60,
      dimensions: { Service: 'svc' },
    },
    values.map((value, i) => ({ at: i * MIN, value })),
  );
}

/** Ten baseline minutes, then the incident. */
function scan(s: MetricSeries): Movement | undefined {
  return scanMovements([s], 0, 10 * MIN, 1e12).moved[0];
}

const flat = (v: number, n = 10) => Array.from({ length: n }, (_, i) => v * (1 + ((i % 3) - 1) * 0.02));

describe('metric movement', () => {
  it('knows what a metric measures from its name, unit and statistic', () => {
    expect(metricKind('CPUUtilization', 'Percent')).toMatchObject({
      role: 'resource',
      limit: 100,
      hint: 'cpu_saturation',
    });
    expect(metricKind('FreeStorageSpace', 'Bytes')).toMatchObject({
      bad: 'down',
      limit: 0,
      hint: 'disk_full',
    });
    expect(metricKind('DatabaseConnections')).toMatchObject({
      hint: 'connection_pool_exhaustion',
      limit: null,
    });
    expect(metricKind('DiskQueueDepth').hint).toBeNull();
    expect(metricKind('Latency', 'Milliseconds', 'SampleCount').role).toBe('load');
    expect(metricKind('TargetResponseTime').role).toBe('symptom');
  });

  it('calls a utilization that was already high and now sits at the limit itself saturation', () => {
    const high = [91, 92, 92.5, 93, 93.5, 94, 94.5, 95, 95.5, 96];
    const m = scan(seriesOf('DatabaseMemoryUsagePercentage', [...high, 97, 100, 100], 'Percent'));
    expect(m?.evidence.tool).toBe('metric-saturation');
    expect(m?.hint).toEqual({ faultClass: 'memory_exhaustion', strength: 0.9 });
    // Near the limit all along, never at it: no saturation.
    expect(
      scan(seriesOf('DatabaseMemoryUsagePercentage', [...high, 96.5, 97, 97.5], 'Percent')),
    ).toBeUndefined();
  });

  it('calls a utilization that reached its limit in the minutes just before the split, and stayed, saturation from then', () => {
    // Twenty baseline minutes climbing below the limit, at it from minute 18 (two before the split) on.
    const climb = Array.from({ length: 18 }, (_, i) => 80 + i);
    const at20 = (values: number[]) =>
      scanMovements([seriesOf('DatabaseMemoryUsagePercentage', values, 'Percent')], 0, 20 * MIN, 1e12)
        .moved[0];
    const m = at20([...climb, 100, 100, 100, 100, 100]);
    expect(m?.evidence.tool).toBe('metric-saturation');
    expect(m?.series.onset).toBe(18 * MIN);
    // A touch of the limit that fell back before the incident is no saturation.
    expect(at20([...climb, 100, 90, 85, 84, 85])?.evidence.tool).not.toBe('metric-saturation');
  });

  it('dates a limit reached well before a late split, and held, where the climb to it began', () => {
    // The alarm's metric moved late: the split is at minute 30, the CPU was pegged from minute 13.
    const values = [...flat(25, 12), 58, ...Array.from({ length: 22 }, (_, i) => 97 + (i % 4))];
    const m = scanMovements([seriesOf('pod_cpu_utilization', values, 'Percent')], 0, 30 * MIN, 1e12).moved[0];
    expect(m?.evidence.tool).toBe('metric-saturation');
    expect(m?.evidence.detail).toContain('reached its limit before the incident and stayed there');
    expect(m?.series.onset).toBe(12 * MIN);
    // Pegged from its first points on: no time it reached the limit is known.
    const always = Array.from({ length: 35 }, (_, i) => 97 + (i % 4));
    expect(
      scanMovements([seriesOf('pod_cpu_utilization', always, 'Percent')], 0, 30 * MIN, 1e12).moved[0]
        ?.evidence.tool,
    ).not.toBe('metric-saturation');
  });

  it('names memory before CPU when the process was killed at its memory limit and started empty', () => {
    // A JVM filling its heap: memory climbs to the limit and drops to nothing each time it is killed,
    // while its CPU, collecting garbage and restarting, sits at its limit throughout.
    const memory = [...flat(55), 80, 100, 15, 85, 100, 12, 90, 100];
    const cpu = [...flat(6), 85, 100, 95, 92, 100, 90, 97, 100];
    const moved = scanMovements(
      [
        seriesOf('pod_memory_utilization', memory, 'Percent'),
        seriesOf('pod_cpu_utilization', cpu, 'Percent'),
      ],
      0,
      10 * MIN,
      1e12,
    ).moved;
    const hint = (name: string) => moved.find((m) => m.series.metricName === name)?.hint;
    expect(hint('pod_memory_utilization')?.faultClass).toBe('memory_exhaustion');
    expect(hint('pod_memory_utilization')?.strength).toBeGreaterThan(
      hint('pod_cpu_utilization')?.strength ?? 1,
    );
    expect(moved.find((m) => m.series.metricName === 'pod_memory_utilization')?.evidence.detail).toContain(
      'killed or restarted',
    );
    // A memory that reached its limit and stayed there: no kill seen, as strong as the CPU.
    const held = scanMovements(
      [seriesOf('pod_memory_utilization', [...flat(55), 80, 100, 100, 99, 100], 'Percent')],
      0,
      10 * MIN,
      1e12,
    ).moved[0];
    expect(held?.hint?.strength).toBe(0.9);
  });

  it('dates a saturation reached after a climb from one step at the step, not at the limit', () => {
    // Twelve quiet minutes at 3%, a step to 30% at minute 12 (a limit cut to an eighth), then use
    // climbing with the day's traffic until it meets the limit at minute 26; the split at minute 20.
    const quiet = flat(3, 12);
    const climbing = Array.from({ length: 14 }, (_, i) => 30 + i * 5);
    const values = [...quiet, ...climbing, 99, 99.5];
    const m = scanMovements([seriesOf('pod_cpu_utilization', values, 'Percent')], 0, 20 * MIN, 1e12).moved[0];
    expect(m?.evidence.tool).toBe('metric-saturation');
    expect(m?.series.onset).toBe(12 * MIN);
    expect(m?.evidence.detail).toContain('climbing from 00:12 UTC');
    // A climb that dipped back to where it started began again after the dip.
    const dipped = [...quiet, 30, 35, 4, 3, 45, 50, 55, 60, 70, 80, 85, 90, 92, 95, 99, 99.5];
    const d = scanMovements([seriesOf('pod_cpu_utilization', dipped, 'Percent')], 0, 20 * MIN, 1e12).moved[0];
    expect(d?.series.onset).toBe(16 * MIN);
  });

  it('calls a utilization at its limit saturation', () => {
    const m = scan(seriesOf('pod_cpu_utilization', [...flat(20), 96, 99, 98], 'Percent'));
    expect(m?.evidence.tool).toBe('metric-saturation');
    expect(m?.hint).toEqual({ faultClass: 'cpu_saturation', strength: 0.9 });
    expect(m?.series.onset).toBe(10 * MIN);
  });

  it('counts a utilization that rose but kept its headroom for less', () => {
    const busy = scan(seriesOf('pod_cpu_utilization', [...flat(30), 60, 62, 61, 63], 'Percent'));
    const full = scan(seriesOf('pod_cpu_utilization', [...flat(30), 86, 88, 87, 88], 'Percent'));
    expect(busy?.evidence.tool).toBe('metric-baseline');
    expect(busy?.evidence.strength).toBeLessThan((full?.evidence.strength ?? 0) * 0.7);
    // Two points of a percent is no movement, however flat the baseline.
    expect(scan(seriesOf('pod_cpu_utilization', [...flat(1), 3, 3, 3], 'Percent'))).toBeUndefined();
  });

  it('sees a count that rose and levelled off at a ceiling, not one that swings', () => {
    const pool = scan(seriesOf('DatabaseConnections', [...flat(300), 380, 440, 480, 497, 499, 500]));
    expect(pool?.evidence.detail).toMatch(/levelled off at a ceiling/);
    expect(pool?.hint?.faultClass).toBe('connection_pool_exhaustion');
    expect(pool?.hint?.strength).toBeGreaterThanOrEqual(0.5);
    expect(levelledOffAtCeiling(300, [300, 420, 510, 430, 380, 470])).toBe(false);
  });

  it('sees free storage falling towards zero and ignores movement the good way', () => {
    const disk = scan(seriesOf('FreeStorageSpace', [...flat(50e9), 30e9, 12e9, 2e9], 'Bytes'));
    expect(disk?.evidence.detail).toMatch(/fell towards zero/);
    expect(disk?.hint?.faultClass).toBe('disk_full');
    expect(scan(seriesOf('FreeStorageSpace', [...flat(50e9), 80e9, 90e9, 95e9], 'Bytes'))).toBeUndefined();
  });

  it('counts series too short to compare', () => {
    const out = scanMovements(
      [seriesOf('CPUUtilization', [5]), seriesOf('CPUUtilization', [5, 6, 90, 91])],
      0,
      10 * MIN,
      1e12,
    );
    expect(out.singlePoint).toBe(1);
    expect(out.tooFew).toBe(1);
  });
});
