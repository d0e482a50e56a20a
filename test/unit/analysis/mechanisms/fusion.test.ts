import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { narrativeInput } from '../../../../shared/analysis/report-build/narrative.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { MetricDatapoint, Telemetry, TraceSegment } from '../../../../shared/domain/telemetry.ts';
import { ALARM, byTime, hourly, line, MIN, spread } from './builders.ts';

/** A pricing engine that quotes for a checkout API, an hour of routine work. */
function routine() {
  return [
    ...spread('/eks/checkout-api', 58, 0, 300, (i) => `INFO POST /checkout/${i} 200 in ${40 + (i % 7)} ms`),
    ...spread(
      '/eks/pricing-engine',
      58,
      0,
      300,
      (i) => `INFO quote ${i} computed for basket of ${i % 9} items`,
    ),
  ];
}

/** The pricing engine's CPU per minute: steady near 30%, pinned at its limit for the last 8 minutes. */
function cpu(pinnedFromMinute: number | null): MetricDatapoint[] {
  return hourly(
    {
      namespace: 'ContainerInsights',
      metricName: 'pod_cpu_utilization',
      dimensions: { ClusterName: 'shop', Namespace: 'default', PodName: 'pricing-engine' },
      stat: 'Average',
      unit: 'Percent',
    },
    (minute) =>
      pinnedFromMinute !== null && minute < pinnedFromMinute ? 99 + (minute % 2) : 28 + (minute % 5),
  );
}

const telemetry = (metrics: MetricDatapoint[]): Telemetry => ({ metrics, traces: [], notes: [] });

/** The checkout API's calls to the pricing engine timing out from 7 minutes before the alarm. */
const callerTimeouts = () =>
  byTime([
    ...routine(),
    ...spread(
      '/eks/checkout-api',
      7,
      0,
      40,
      (i) =>
        `ERROR POST /checkout/${i} failed: call to pricing-engine timed out after 3000 ms (Read timed out)`,
    ),
  ]);

describe('logs and telemetry fused into one ranking of origins', () => {
  it('names the service whose CPU reached its limit when the logs only show its caller failing vaguely', () => {
    const events = byTime([
      ...routine(),
      ...spread(
        '/eks/checkout-api',
        7,
        0,
        40,
        (i) => `ERROR POST /checkout/${i} failed: quote step did not finish`,
      ),
    ]);
    const logOnly = correlate({ events: events }, computeWindows(ALARM));
    expect(logOnly.root?.service).toBe('checkout-api');

    const f = correlate({ events: events }, computeWindows(ALARM), [], telemetry(cpu(8)));
    expect(f.root?.service).toBe('pricing-engine');
    expect(f.classification.faultClass).toBe('cpu_saturation');
    expect(f.telemetry?.services[0]?.service).toBe('pricing-engine');
    expect(f.trail.steps.map((s) => s.title)).toEqual(
      expect.arrayContaining(['analyze_telemetry', 'fuse_origin_candidates']),
    );
  });

  it("does not let a caller's timeout, which describes the service it names, outweigh that service's telemetry", () => {
    const f = correlate({ events: callerTimeouts() }, computeWindows(ALARM), [], telemetry(cpu(8)));
    expect(f.root?.service).toBe('pricing-engine');
    // The timeout is what the caller saw; the CPU at its limit is what pricing-engine suffered.
    expect(f.classification.faultClass).toBe('cpu_saturation');
    expect(f.classification.basis).toMatch(
      /lines report dependency timeout: what was seen of it across a call/,
    );
  });

  it('reads the origin timing out on what it calls, while its own CPU is at its limit, as its CPU', () => {
    const events = byTime([
      ...routine(),
      ...spread('/eks/tax-rules', 58, 0, 300, (i) => `INFO rule set ${i % 4} served in 3 ms`),
      ...spread(
        '/eks/pricing-engine',
        7,
        0,
        40,
        (i) => `ERROR quote ${9000 + i} failed: call to tax-rules timed out after 500 ms (Read timed out)`,
      ),
    ]);
    const f = correlate({ events }, computeWindows(ALARM), [], telemetry(cpu(8)));
    expect(f.root?.service).toBe('pricing-engine');
    expect(f.classification.faultClass).toBe('cpu_saturation');
  });

  it("keeps the callers' class when the origin's resource reached its limit only later (a consequence)", () => {
    const f = correlate({ events: callerTimeouts() }, computeWindows(ALARM), [], telemetry(cpu(3)));
    expect(f.root?.service).toBe('pricing-engine');
    expect(f.classification.faultClass).toBe('dependency_timeout');
  });

  it("keeps the timeout class when the origin's own lines say it timed out on its own call", () => {
    const events = byTime([
      ...routine(),
      ...spread(
        '/eks/pricing-engine',
        7,
        0,
        40,
        (i) => `ERROR quote ${i} failed: query to tariff-db timed out after 3000 ms (Read timed out)`,
      ),
    ]);
    const f = correlate({ events: events }, computeWindows(ALARM), [], telemetry(cpu(8)));
    expect(f.root?.service).toBe('pricing-engine');
    expect(f.classification.faultClass).toBe('dependency_timeout');
  });

  it('keeps an origin whose own lines name their fault specifically', () => {
    const events = byTime([
      ...routine(),
      ...spread(
        '/eks/checkout-api',
        7,
        0,
        40,
        (i) => `ERROR order ${i}: java.lang.OutOfMemoryError: Java heap space`,
      ),
    ]);
    const f = correlate({ events: events }, computeWindows(ALARM), [], telemetry(cpu(8)));
    expect(f.root?.service).toBe('checkout-api');
    expect(f.classification.faultClass).toBe('memory_exhaustion');
    // The telemetry's own origin, passed over, is not listed as reached by this one.
    expect(f.affected.map((a) => a.service)).toEqual(['checkout-api']);
  });

  it('names a cache that writes no logs when the failing caller names it by the endpoint it connects to', () => {
    // The cache node's memory, near full all hour, at its limit from 9 minutes before the alarm.
    const memory = hourly(
      {
        namespace: 'AWS/ElastiCache',
        metricName: 'DatabaseMemoryUsagePercentage',
        dimensions: { CacheClusterId: 'basket-cache-001' },
        stat: 'Maximum',
        unit: 'Percent',
      },
      (minute) => (minute < 9 ? 100 : 92 + (59 - minute) / 10),
    );
    const events = byTime([
      ...routine(),
      ...spread(
        '/eks/checkout-api',
        8,
        0,
        60,
        (i) =>
          `ERROR basket ${i} not saved: addr=basket-cache.q1w2e3.ng.0001.use1.cache.amazonaws.com:6379 OOM command not allowed when used memory > 'maxmemory'`,
      ),
    ]);
    // The database behind it takes the misses: its CPU at its limit a few minutes later, as plain
    // in the metrics as the cache's memory.
    const dbCpu = hourly(
      {
        namespace: 'AWS/RDS',
        metricName: 'CPUUtilization',
        dimensions: { DBInstanceIdentifier: 'basket-aurora-instance-1' },
        stat: 'Average',
        unit: 'Percent',
      },
      (minute) => (minute < 6 ? 99 : 25 + (minute % 4)),
    );
    const f = correlate({ events }, computeWindows(ALARM), [], telemetry([...memory, ...dbCpu]));
    expect(f.root?.service).toBe('basket-cache');
    expect(['cache_failure', 'memory_exhaustion']).toContain(f.classification.faultClass);
  });

  it('does not name an origin from a metric that moved within its healthy range', () => {
    const calm = cpu(null).map((d, i) => ({ ...d, value: i > 50 ? 45 + (i % 3) : d.value }));
    const f = correlate({ events: byTime(routine()) }, computeWindows(ALARM), [], telemetry(calm));
    expect(f.inconclusive).toBe(true);
  });

  it("does not name a queue as the origin from its own age rising: that is its consumers' work not yet done", () => {
    const age = hourly(
      {
        namespace: 'AWS/SQS',
        metricName: 'ApproximateAgeOfOldestMessage',
        dimensions: { QueueName: 'price-updates' },
        stat: 'Maximum',
        unit: 'Seconds',
      },
      (minute) => (minute < 10 ? 300 + (10 - minute) * 25 : 20 + (minute % 7)),
    );
    const f = correlate({ events: byTime(routine()) }, computeWindows(ALARM), [], telemetry(age));
    expect(f.inconclusive).toBe(true);
  });

  it('takes a log leader that the traces show calling the service at its limit for its victim, unless its own lines say more', () => {
    /** One quote: the gateway's segment, its call into the tariff service, and that service's own segment. */
    const quote = (n: number, at: number, tariffSeconds: number): TraceSegment[] => {
      const traceId = `1-${Math.floor(at / 1000).toString(16)}-${(0xfeed000 + n).toString(16).padStart(24, '0')}`;
      const s = at / 1000;
      const id = (k: number) => (n * 4 + k).toString(16).padStart(16, '0');
      return [
        {
          trace_id: traceId,
          id: id(1),
          name: 'quote-gateway',
          start_time: s,
          end_time: s + tariffSeconds + 0.03,
          subsegments: [
            {
              id: id(2),
              name: 'tariffs',
              namespace: 'remote',
              start_time: s + 0.01,
              end_time: s + tariffSeconds + 0.02,
            },
          ],
        },
        {
          trace_id: traceId,
          id: id(3),
          parent_id: id(2),
          name: 'tariffs',
          start_time: s + 0.012,
          end_time: s + tariffSeconds + 0.018,
        },
      ];
    };
    const traces = [
      ...Array.from({ length: 40 }, (_, i) => quote(i, ALARM - (58 - i) * MIN, 0.02)).flat(),
      ...Array.from({ length: 20 }, (_, i) => quote(100 + i, ALARM - (7 - i * 0.3) * MIN, 0.6)).flat(),
    ];
    const tariffCpu = cpu(8).map((d) => ({ ...d, dimensions: { ...d.dimensions, PodName: 'tariffs' } }));
    const withLeader = (message: (i: number) => string) =>
      byTime([
        ...spread('/eks/quote-gateway', 58, 0, 300, (i) => `INFO quote ${i} served`),
        ...spread('/eks/tariffs', 58, 0, 300, (i) => `INFO tariff ${i} looked up`),
        ...spread('/eks/quote-gateway', 7, 0, 40, message),
      ]);
    // The gateway's lines only say how long its quotes took: the traces put that time in tariffs.
    const slow = withLeader((i) => `ERROR quote ${i} abandoned after ${3100 + i} ms`);
    const f = correlate({ events: slow }, computeWindows(ALARM), [], {
      metrics: tariffCpu,
      traces,
      notes: [],
    });
    expect(f.telemetry?.blastRadius).toEqual(['tariffs', 'quote-gateway']);
    expect(f.root?.service).toBe('tariffs');
    // Its own out-of-memory failure is its own, whatever the traces say of its callee.
    const oom = withLeader((i) => `ERROR quote ${i}: java.lang.OutOfMemoryError: Java heap space`);
    const g = correlate({ events: oom }, computeWindows(ALARM), [], {
      metrics: tariffCpu,
      traces,
      notes: [],
    });
    expect(g.root?.service).toBe('quote-gateway');
  });

  it("gives the service at its limit the evidence of every caller whose lines name it, not only the log leader's", () => {
    // The storefront names the pricing engine as it falls back, and its pages slow down; the
    // checkout API, which the edge blames and so leads the log ranking, only says how long its
    // quotes took before they failed.
    const events = byTime([
      ...routine(),
      ...spread('/eks/storefront', 58, 8, 200, (i) => `INFO GET /product/${i} 200 in ${20 + (i % 5)} ms`),
      ...spread('/eks/storefront', 8, 0, 40, (i) => `INFO GET /product/${i} 200 in ${900 + (i % 5)} ms`),
      ...spread('/eks/web-edge', 58, 0, 200, (i) => `INFO GET /basket/${i} 200`),
      ...spread(
        '/eks/storefront',
        7.5,
        0,
        30,
        (i) => `WARN product ${i}: pricing-engine unavailable, serving cached price`,
      ),
      ...spread('/eks/checkout-api', 7, 0, 30, (i) => `ERROR POST /checkout/${i} failed after 2000 ms`),
      ...spread(
        '/eks/web-edge',
        6.9,
        0,
        30,
        (i) => `ERROR GET /basket/${i}: upstream checkout-api returned 502`,
      ),
    ]);
    const f = correlate({ events }, computeWindows(ALARM), [], telemetry(cpu(8)));
    expect(f.root?.service).toBe('pricing-engine');
  });
});

describe('a resource that writes no logs and throttles its client', () => {
  /** A seat-hold table's write throttles each minute: none, then some from 7 minutes before the alarm. */
  const throttles = hourly(
    {
      namespace: 'AWS/DynamoDB',
      metricName: 'WriteThrottleEvents',
      dimensions: { TableName: 'seat-holds' },
      stat: 'Sum',
      unit: 'Count',
    },
    (minute) => (minute < 7 ? 30 + (minute % 4) : 0),
  );
  /** The hold writer's work, naming its table or not, and its writes refused from 7 minutes before. */
  const writer = (store: string) =>
    byTime([
      ...spread('/aws/lambda/hold-writer', 58, 0, 300, (i) => `INFO hold ${i} stored in ${store}`),
      ...spread(
        '/aws/lambda/hold-writer',
        7,
        0,
        60,
        (i) =>
          `ERROR hold ${i} not stored: ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded`,
      ),
    ]);

  it('is the origin when its throttle counts rise and the throttled client names it in its own lines', () => {
    const f = correlate({ events: writer('seat-holds') }, computeWindows(ALARM), [], telemetry(throttles));
    expect(f.root?.service).toBe('seat-holds');
    expect(f.classification.faultClass).toBe('throttling');
    // What it is comes from the namespace its metrics are published under; what it showed is told.
    expect(f.root?.role).toBe('database');
    expect(narrativeInput(f).signal).toMatch(/^AWS\/DynamoDB WriteThrottleEvents Sum/);
  });

  it('leaves the client the origin when nothing it logs names the resource', () => {
    const f = correlate(
      { events: writer('the hold store') },
      computeWindows(ALARM),
      [],
      telemetry(throttles),
    );
    expect(f.root?.service).toBe('hold-writer');
  });
});

describe('a dependency its client names by its kind alone', () => {
  /** A cart cache's memory each minute: steady near 60%, full from 8 minutes before the alarm. */
  const memory = (cluster: string) =>
    hourly(
      {
        namespace: 'AWS/ElastiCache',
        metricName: 'DatabaseMemoryUsagePercentage',
        dimensions: { CacheClusterId: `${cluster}-0001-001` },
        stat: 'Maximum',
        unit: 'Percent',
      },
      (minute) => (minute < 8 ? 99.5 + (minute % 2) / 4 : 60 + (minute % 3)),
    );
  /** The cart API loses carts from 7 minutes before the alarm and says only that the cache lacked them. */
  const events = () =>
    byTime([
      ...spread('/ecs/cart-api', 58, 0, 300, (i) => `INFO GET /cart/${i} 200`),
      ...spread(
        '/ecs/cart-api',
        7,
        0,
        60,
        (i) => `ERROR cart ${i} not found in cache, customer sent back to an empty basket`,
      ),
    ]);

  it('is the one cache in play, at its memory limit, that the client reports', () => {
    const f = correlate({ events: events() }, computeWindows(ALARM), [], telemetry(memory('carts-redis')));
    expect(f.root?.service).toBe('carts-redis');
    expect(f.classification.faultClass).toBe('memory_exhaustion');
  });

  it('is none of them when two caches are in play', () => {
    const both = telemetry([...memory('carts-redis'), ...memory('promo-cache')]);
    const f = correlate({ events: events() }, computeWindows(ALARM), [], both);
    expect(f.root?.service).toBe('cart-api');
  });
});

describe('a function at its concurrency limit that its client names only by its AWS service', () => {
  /** A function's throttles each minute: none, then many from 7 minutes before the alarm. */
  const throttles = (fn: string) =>
    hourly(
      {
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: { FunctionName: fn },
        stat: 'Sum',
        unit: 'Count',
      },
      (minute) => (minute < 7 ? 400 + (minute % 5) : 0),
    );
  /** The parcel API takes a partner's bulk upload, then its calls to render labels are refused. */
  const events = () =>
    byTime([
      ...spread('/ecs/parcel-api', 58, 0, 400, (i) => `INFO POST /parcels/${i} 201`),
      ...spread('/aws/lambda/label-maker', 58, 0, 300, (i) => `INFO label ${i} rendered`),
      line(
        '/ecs/parcel-api',
        7.5,
        'INFO bulk upload accepted from partner northgate-freight (18000 parcels)',
      ),
      ...spread(
        '/ecs/parcel-api',
        7,
        0,
        80,
        (i) =>
          `ERROR parcel ${i}: operation error Lambda: Invoke, https response error StatusCode: 429, TooManyRequestsException: Rate Exceeded.`,
      ),
    ]);

  it("is the origin when it is the only function throttling, and the client's new load its trigger", () => {
    const f = correlate({ events: events() }, computeWindows(ALARM), [], telemetry(throttles('label-maker')));
    expect(f.root?.service).toBe('label-maker');
    expect(f.classification.faultClass).toBe('throttling');
    expect(f.trigger?.change).toMatchObject({ kind: 'activity', service: 'parcel-api' });
    expect(f.trigger?.change.description).toContain('bulk upload accepted');
  });

  it('is not chosen among two functions throttling at once', () => {
    const both = telemetry([...throttles('label-maker'), ...throttles('invoice-maker')]);
    const f = correlate({ events: events() }, computeWindows(ALARM), [], both);
    expect(f.root?.service).toBe('parcel-api');
  });

  it('takes every log candidate the traces show upstream of the service at its limit for its victim, not only the leader', () => {
    /** One payment: the edge calls the payment API, which calls the fraud scorer. */
    const pay = (n: number, at: number, scorerSeconds: number): TraceSegment[] => {
      const traceId = `1-${Math.floor(at / 1000).toString(16)}-${(0xbeef000 + n).toString(16).padStart(24, '0')}`;
      const s = at / 1000;
      const id = (k: number) => (n * 8 + k).toString(16).padStart(16, '0');
      const end = s + scorerSeconds + 0.05;
      return [
        {
          trace_id: traceId,
          id: id(1),
          name: 'pay-edge',
          start_time: s,
          end_time: end,
          subsegments: [
            {
              id: id(2),
              name: 'payment-api',
              namespace: 'remote',
              start_time: s + 0.01,
              end_time: end - 0.01,
            },
          ],
        },
        {
          trace_id: traceId,
          id: id(3),
          parent_id: id(2),
          name: 'payment-api',
          start_time: s + 0.012,
          end_time: end - 0.012,
          subsegments: [
            {
              id: id(4),
              name: 'risk-scorer',
              namespace: 'remote',
              start_time: s + 0.02,
              end_time: s + 0.02 + scorerSeconds,
            },
          ],
        },
        {
          trace_id: traceId,
          id: id(5),
          parent_id: id(4),
          name: 'risk-scorer',
          start_time: s + 0.022,
          end_time: s + 0.018 + scorerSeconds,
        },
      ];
    };
    const traces = [
      ...Array.from({ length: 40 }, (_, i) => pay(i, ALARM - (58 - i) * MIN, 0.03)).flat(),
      ...Array.from({ length: 20 }, (_, i) => pay(100 + i, ALARM - (7 - i * 0.3) * MIN, 2.5)).flat(),
    ];
    const scorerCpu = cpu(8).map((d) => ({ ...d, dimensions: { ...d.dimensions, PodName: 'risk-scorer' } }));
    // The payment API says only that calls failed; the edge, two calls away, blames the payment
    // API, in more lines: neither names the scorer.
    const events = byTime([
      ...spread('/eks/pay-edge', 58, 7.2, 256, (i) => `INFO POST /pay/${i} 200 in ${80 + (i % 9)} ms`),
      ...spread('/eks/pay-edge', 7.2, 0, 36, (i) => `INFO POST /pay/${600 + i} 200 in ${2900 + i * 7} ms`),
      ...spread('/eks/payment-api', 58, 0, 300, (i) => `INFO payment ${i} authorised`),
      ...spread('/eks/risk-scorer', 58, 0, 300, (i) => `INFO scored payment ${i}: allow`),
      ...spread(
        '/eks/payment-api',
        7,
        0,
        30,
        (i) => `ERROR payment ${900 + i} declined: upstream request timeout`,
      ),
      ...spread(
        '/eks/pay-edge',
        7.2,
        0,
        90,
        (i) => `ERROR POST /pay/${900 + i} 502: upstream payment-api gave no answer in ${2600 + i} ms`,
      ),
    ]);
    const f = correlate({ events }, computeWindows(ALARM), [], { metrics: scorerCpu, traces, notes: [] });
    expect(f.telemetry?.blastRadius).toEqual(
      expect.arrayContaining(['risk-scorer', 'payment-api', 'pay-edge']),
    );
    expect(f.root?.service).toBe('risk-scorer');
  });
});
