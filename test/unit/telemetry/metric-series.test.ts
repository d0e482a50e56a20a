import { describe, expect, it } from 'vitest';
import { buildSeries } from '../../../shared/analysis/telemetry/metric-series.ts';
import type { MetricDatapoint } from '../../../shared/domain/telemetry.ts';

const point = (timestamp: number, value: number, podName = 'checkout-7d9f8b6c5d-x2k4q'): MetricDatapoint => ({
  namespace: 'ContainerInsights',
  metricName: 'pod_cpu_utilization',
  dimensions: { PodName: podName, ClusterName: 'shop' },
  stat: 'Average',
  period: 60,
  unit: 'Percent',
  timestamp,
  value,
});

describe('metric series', () => {
  it('groups datapoints by series and puts them in time order', () => {
    const built = buildSeries(
      [point(3000, 3), point(1000, 1), point(2000, 2), point(1000, 9, 'cart-5f6d7c8b9a-abcde')],
      0,
      10_000,
    );
    expect(built.series).toHaveLength(2);
    const checkout = built.series.find((s) => s.dimensions.PodName?.startsWith('checkout'));
    expect(checkout?.points.map((p) => p.value)).toEqual([1, 2, 3]);
  });

  it('drops and counts non-finite values, repeated timestamps and points outside the span', () => {
    const built = buildSeries(
      [
        point(1000, 1),
        point(2000, Number.NaN),
        point(1000, 5),
        point(99_000, 4),
        point(3000, Number.POSITIVE_INFINITY),
      ],
      0,
      10_000,
    );
    expect(built.used).toBe(1);
    expect(built.invalid).toBe(2);
    expect(built.duplicates).toBe(1);
    expect(built.outside).toBe(1);
  });

  it('reads no more than the cap', () => {
    const built = buildSeries([point(1000, 1), point(2000, 2), point(3000, 3)], 0, 10_000, 2);
    expect(built.capped).toBe(1);
    expect(built.used).toBe(2);
  });
});
