import { describe, expect, it } from 'vitest';
import { collectEvents, collectShard, mergePartials } from '../../../shared/analysis/collect/index.ts';
import { correlate } from '../../../shared/analysis/correlate/findings.ts';
import { emfDatapoints } from '../../../shared/analysis/telemetry/emf.ts';
import { computeWindows } from '../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';

const ALARM = Date.UTC(2026, 7, 11, 3, 20);
const MIN = 60_000;

describe('metrics declared in the embedded metric format', () => {
  it("reads an EMF event's metrics with its most specific dimension set, a value list as its mean", () => {
    const points = emfDatapoints(
      {
        _aws: {
          Timestamp: 1786418400000,
          CloudWatchMetrics: [
            {
              Namespace: 'Checkout',
              Dimensions: [['service'], ['service', 'function_name'], ['service', 'tenant']],
              Metrics: [
                { Name: 'OrdersPlaced', Unit: 'Count' },
                { Name: 'CartLatency', Unit: 'Milliseconds' },
                { Name: 'Missing', Unit: 'Count' },
              ],
            },
          ],
        },
        service: 'checkout',
        function_name: 'place-order',
        OrdersPlaced: 3,
        CartLatency: [120, 180],
      },
      0,
    );
    expect(points).toEqual([
      {
        namespace: 'Checkout',
        metricName: 'OrdersPlaced',
        dimensions: { service: 'checkout', function_name: 'place-order' },
        stat: 'Average',
        period: 60,
        unit: 'Count',
        timestamp: 1786418400000,
        value: 3,
      },
      expect.objectContaining({ metricName: 'CartLatency', value: 150 }),
    ]);
  });

  it("reads Container Insights' performance events, their directive at the top level", () => {
    const [point] = emfDatapoints(
      {
        Type: 'Pod',
        PodName: 'quote-engine',
        Namespace: 'pricing',
        ClusterName: 'prod',
        Timestamp: '1786418400000',
        pod_cpu_utilization_over_pod_limit: 97.5,
        CloudWatchMetrics: [
          {
            Namespace: 'ContainerInsights',
            Dimensions: [['ClusterName'], ['PodName', 'Namespace', 'ClusterName']],
            Metrics: [{ Name: 'pod_cpu_utilization_over_pod_limit', Unit: 'Percent' }],
          },
        ],
      },
      0,
    );
    expect(point).toMatchObject({
      namespace: 'ContainerInsights',
      dimensions: { PodName: 'quote-engine', Namespace: 'pricing', ClusterName: 'prod' },
      timestamp: 1786418400000,
      value: 97.5,
    });
  });

  it('reads nothing from an event that declares no metric, or malformed ones', () => {
    expect(emfDatapoints({ msg: 'hello', CloudWatchMetrics: 'no' }, 0)).toEqual([]);
    expect(emfDatapoints({ _aws: { CloudWatchMetrics: [{ Namespace: '', Metrics: [] }] } }, 0)).toEqual([]);
  });

  /** A pod's CPU against its limit each minute, as Container Insights writes it to its performance log group. */
  const performance = (minutes: number, value: number): LogEvent => ({
    logGroup: '/aws/containerinsights/prod/performance',
    logStream: 'quote-engine',
    timestamp: ALARM - minutes * MIN,
    message: JSON.stringify({
      Type: 'Pod',
      PodName: 'quote-engine',
      Namespace: 'pricing',
      ClusterName: 'prod',
      Timestamp: String(ALARM - minutes * MIN),
      pod_cpu_utilization_over_pod_limit: value,
      CloudWatchMetrics: [
        {
          Namespace: 'ContainerInsights',
          Dimensions: [['PodName', 'Namespace', 'ClusterName']],
          Metrics: [{ Name: 'pod_cpu_utilization_over_pod_limit', Unit: 'Percent' }],
        },
      ],
    }),
  });
  /** Its CPU near a third of its limit for an hour, at the limit for the last eight minutes; slow answers meanwhile. */
  const events = (): LogEvent[] =>
    [
      ...Array.from({ length: 59 }, (_, i) => performance(59 - i, 59 - i <= 8 ? 99 : 30 + (i % 5))),
      ...Array.from({ length: 118 }, (_, i) => ({
        logGroup: '/ecs/quote-engine',
        logStream: 'a',
        timestamp: ALARM - (59 - i / 2) * MIN,
        message: `INFO quote ${i} priced in 40 ms`,
      })),
      ...Array.from({ length: 30 }, (_, i) => ({
        logGroup: '/ecs/quote-engine',
        logStream: 'a',
        timestamp: ALARM - (7 - i / 5) * MIN,
        message: `ERROR quote ${900 + i} abandoned: worker busy`,
      })),
    ].sort((a, b) => a.timestamp - b.timestamp);

  it('are read from the log events as telemetry when the incident has no metrics of its own', () => {
    const f = correlate({ events: events() }, computeWindows(ALARM));
    const quote = f.telemetry?.services.find((s) => s.service === 'quote-engine');
    expect(quote?.evidence[0]?.detail).toMatch(
      /pod_cpu_utilization_over_pod_limit Average reached its limit/,
    );
    expect(f.classification.faultClass).toBe('cpu_saturation');
  });

  it('are kept alike when the events are collected in shards', () => {
    const windows = computeWindows(ALARM);
    const all = events();
    const merged = mergePartials(
      [0, 1].map((k) =>
        JSON.parse(
          JSON.stringify(
            collectShard(
              all.filter((_, i) => i % 2 === k),
              windows,
            ),
          ),
        ),
      ),
      windows,
    );
    expect(merged.emf).toHaveLength(collectEvents(all, windows).emf.length);
    expect(merged.emf).toHaveLength(59);
  });
});
