import { describe, expect, it } from 'vitest';
import { analyzeTelemetry, ORIGIN_MIN_SCORE } from '../../../shared/analysis/telemetry/analyze-telemetry.ts';
import type { TelemetryContext } from '../../../shared/analysis/telemetry/types.ts';
import type { MetricDatapoint, Telemetry, TraceSegment } from '../../../shared/domain/telemetry.ts';
import { INCIDENT_START, jitter, series, traces, WINDOWS } from './fixtures.ts';

const SERVICES = ['web', 'api', 'orders', 'users'];
const CTX: TelemetryContext = { windows: WINDOWS, alarmMetric: [], logServices: SERVICES };
const MIN = 60_000;

function telemetry(metrics: MetricDatapoint[], segments: TraceSegment[]): Telemetry {
  return { metrics, traces: segments, notes: [] };
}

/** CPU of every service's pod; `hot` climbs to its limit from `at`. */
function podCpu(hot: string | null, at: number): MetricDatapoint[] {
  return SERVICES.flatMap((svc, k) =>
    series(
      {
        namespace: 'ContainerInsights',
        metricName: 'pod_cpu_utilization',
        unit: 'Percent',
        dimensions: { ClusterName: 'shop', Namespace: 'default', PodName: `${svc}-7c9d8f6b5-q${k}x2z` },
      },
      WINDOWS.baselineStart,
      WINDOWS.alarmAt,
      (t, i) => (svc === hot && t >= at ? 97 + (i % 3) : 20 * jitter(i + k * 100)),
    ),
  );
}

const quiet = () => traces(180, WINDOWS.baselineStart, INCIDENT_START);

describe('analyzeTelemetry', () => {
  it('names the service whose CPU hit its limit and whose own work slowed, with the path its callers slowed along', () => {
    const f = analyzeTelemetry(
      telemetry(podCpu('orders', INCIDENT_START + 2 * MIN), [
        ...quiet(),
        ...traces(90, INCIDENT_START + 2 * MIN, WINDOWS.alarmAt, { self: { orders: 40 } }, 1000),
      ]),
      CTX,
    );
    const top = f.services[0];
    expect(top?.service).toBe('orders');
    expect(top?.faultHint?.faultClass).toBe('cpu_saturation');
    expect(top?.evidence.map((e) => e.tool)).toEqual(
      expect.arrayContaining(['metric-saturation', 'trace-self-time']),
    );
    expect(top?.evidence.find((e) => e.tool === 'metric-saturation')?.detail).toMatch(
      /pod_cpu_utilization.*limit 100%/,
    );
    expect(top?.series[0]?.metricName).toBe('pod_cpu_utilization');
    // Dated by its metric, which says when it moved; a trace finding is dated to its window.
    expect(top?.onset).toBeGreaterThanOrEqual(INCIDENT_START + 2 * MIN);
    expect(f.propagation).toEqual(['orders', 'api', 'web']);
    expect(f.blastRadius).toEqual(['orders', 'api', 'web']);
    const others = f.services.filter((s) => s.service !== 'orders');
    expect(others.every((s) => s.score < (top?.score ?? 0) / 2)).toBe(true);
  });

  it('blames a network delay on the service the slowed calls go into, not on its caller', () => {
    const f = analyzeTelemetry(
      telemetry(
        [],
        [...quiet(), ...traces(90, INCIDENT_START, WINDOWS.alarmAt, { net: { users: 80 } }, 1000)],
      ),
      CTX,
    );
    expect(f.services[0]?.service).toBe('users');
    expect(f.services[0]?.faultHint?.faultClass).toBe('dependency_timeout');
    expect(f.services[0]?.evidence[0]?.tool).toBe('trace-network-time');
    const edge = f.callGraph.find((e) => e.caller === 'api' && e.callee === 'users');
    expect(edge?.networkMs.incident).toBeGreaterThan(60);
    expect(edge?.networkMs.baseline).toBeLessThan(3);
    expect(f.services.find((s) => s.service === 'api')?.score ?? 0).toBeLessThan(ORIGIN_MIN_SCORE);
  });

  it('prefers the deepest service whose own work slowed and marks its callers as victims', () => {
    const f = analyzeTelemetry(
      telemetry(
        [],
        [...quiet(), ...traces(90, INCIDENT_START, WINDOWS.alarmAt, { self: { orders: 60, api: 12 } }, 1000)],
      ),
      CTX,
    );
    expect(f.services[0]?.service).toBe('orders');
    const api = f.services.find((s) => s.service === 'api');
    expect(api?.evidence.some((e) => e.tool === 'trace-self-time')).toBe(true);
    expect(api?.victimOf).toBe('orders');
    expect(api?.score).toBeLessThan((f.services[0]?.score ?? 0) * 0.7);
  });

  it('finds a slow dependency without spans of its own through the calls into it', () => {
    const f = analyzeTelemetry(
      telemetry([], [...quiet(), ...traces(90, INCIDENT_START, WINDOWS.alarmAt, { db: 90 }, 1000)]),
      CTX,
    );
    expect(f.services[0]?.service).toBe('orders-db');
    expect(f.propagation.slice(0, 2)).toEqual(['orders-db', 'orders']);
  });

  it('ranks no traced remote whose name was masked, and says so', () => {
    // X-Ray names a SQL call `database@host`: masked at the door, it is a name no one can act on.
    const masked = JSON.parse(
      JSON.stringify([
        ...quiet(),
        ...traces(90, INCIDENT_START, WINDOWS.alarmAt, { db: 90 }, 1000),
      ]).replaceAll('"orders-db"', '"[REDACTED:email]"'),
    ) as TraceSegment[];
    const f = analyzeTelemetry(telemetry([], masked), CTX);
    expect(f.services.some((s) => s.service.includes('[REDACTED:'))).toBe(false);
    expect(f.limitations.join(' ')).toMatch(/whose name was masked/);
  });

  it('places failures where the deepest failing span is and lists the traces for the log join', () => {
    const f = analyzeTelemetry(
      telemetry(
        [],
        [
          ...quiet(),
          ...traces(60, INCIDENT_START, WINDOWS.alarmAt, {}, 1000),
          ...traces(30, INCIDENT_START, WINDOWS.alarmAt, { fail: 'users' }, 2000),
        ],
      ),
      CTX,
    );
    const users = f.services.find((s) => s.service === 'users');
    expect(users?.evidence.some((e) => e.tool === 'trace-errors')).toBe(true);
    expect(f.services[0]?.service).toBe('users');
    expect(f.traceOrigins).toHaveLength(30);
    expect(f.traceOrigins[0]?.traceId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(f.traceOrigins.every((t) => t.service === 'users')).toBe(true);
    const webApi = f.callGraph.find((e) => e.caller === 'web' && e.callee === 'api');
    expect(webApi?.errorShare).toEqual({ baseline: 0, incident: expect.closeTo(1 / 3, 2) });
  });

  it('names a node by the name its logs use, of the names its metric dimensions give it', () => {
    const disk = series(
      {
        namespace: 'ContainerInsights',
        metricName: 'node_filesystem_utilization',
        unit: 'Percent',
        stat: 'Maximum',
        dimensions: {
          ClusterName: 'clinic',
          InstanceId: 'i-0a1b2c3d4e5f60718',
          NodeName: 'ip-10-42-3-17.ec2.internal',
        },
      },
      WINDOWS.baselineStart,
      WINDOWS.alarmAt,
      (t, i) => (t < INCIDENT_START ? 48 * jitter(i, 0.02) : 99),
    );
    const named = (logServices: string[]) =>
      analyzeTelemetry(telemetry(disk, []), { ...CTX, logServices }).services[0]?.service;
    expect(named(['ip-10-42-3-17.ec2.internal', 'appointments'])).toBe('ip-10-42-3-17.ec2.internal');
    expect(named(['appointments'])).toBe('i-0a1b2c3d4e5f60718');
  });

  it('dates the alarm onset at the change point of its own metric and reads the threshold', () => {
    const storage = series(
      {
        namespace: 'AWS/RDS',
        metricName: 'FreeStorageSpace',
        unit: 'Bytes',
        stat: 'Minimum',
        dimensions: { DBInstanceIdentifier: 'ledger-db' },
      },
      WINDOWS.baselineStart,
      WINDOWS.alarmAt,
      (t, i) =>
        t < INCIDENT_START + 5 * MIN
          ? 50e9 * jitter(i, 0.01)
          : Math.max(0.2e9, 50e9 - ((t - INCIDENT_START - 5 * MIN) / MIN) * 8e9),
    );
    const f = analyzeTelemetry(telemetry(storage, []), {
      ...CTX,
      logServices: ['ledger-db'],
      alarmMetric: [
        {
          namespace: 'AWS/RDS',
          metricName: 'FreeStorageSpace',
          dimensions: { DBInstanceIdentifier: 'ledger-db' },
          stat: 'Minimum',
        },
      ],
      alarmReason:
        'Threshold Crossed: 1 out of the last 1 datapoints [0.2 (01/03/26 11:59:00)] was less than the threshold (1000000000.0).',
    });
    expect(f.alarmOnset?.at).toBeGreaterThanOrEqual(INCIDENT_START + 5 * MIN);
    expect(f.alarmOnset?.at).toBeLessThanOrEqual(INCIDENT_START + 7 * MIN);
    expect(f.alarmOnset?.shift).toBeLessThan(0);
    expect(f.alarmSeries?.threshold).toBe(1e9);
    expect(f.alarmSeries?.points).toHaveLength(60);
    expect(f.services[0]?.service).toBe('ledger-db');
    expect(f.services[0]?.faultHint?.faultClass).toBe('disk_full');
    expect(f.services[0]?.evidence[0]?.detail).toMatch(/FreeStorageSpace Minimum fell towards zero/);
  });

  it('names no origin when nothing moved', () => {
    const f = analyzeTelemetry(
      telemetry(podCpu(null, 0), [...quiet(), ...traces(90, INCIDENT_START, WINDOWS.alarmAt, {}, 1000)]),
      CTX,
    );
    expect(f.services.every((s) => s.score < ORIGIN_MIN_SCORE)).toBe(true);
    expect(f.propagation).toEqual([]);
    expect(f.callGraph.length).toBeGreaterThan(0);
  });

  it('discounts the same metric moving alike in many services', () => {
    const load = SERVICES.flatMap((svc, k) =>
      series(
        {
          namespace: 'ApplicationSignals',
          metricName: 'Latency',
          unit: 'Milliseconds',
          stat: 'p99',
          dimensions: { Service: svc },
        },
        WINDOWS.baselineStart,
        WINDOWS.alarmAt,
        (t, i) => (t >= INCIDENT_START ? 300 : 100) * jitter(i + k * 50),
      ),
    );
    const f = analyzeTelemetry(telemetry(load, []), CTX);
    expect(f.services).toHaveLength(4);
    expect(f.services.every((s) => s.evidence[0]?.detail.includes('moved alike in 4 services'))).toBe(true);
    expect(f.services.every((s) => s.score < ORIGIN_MIN_SCORE)).toBe(true);
  });

  it('is deterministic', () => {
    const input = telemetry(podCpu('orders', INCIDENT_START), [
      ...quiet(),
      ...traces(60, INCIDENT_START, WINDOWS.alarmAt, { self: { orders: 30 } }, 1000),
    ]);
    expect(analyzeTelemetry(input, CTX)).toEqual(analyzeTelemetry(input, CTX));
  });
});

describe('analyzeTelemetry on bad input', () => {
  it('goes on with what is usable and says what was not', () => {
    const cpu = podCpu('orders', INCIDENT_START + MIN);
    const metrics: MetricDatapoint[] = [
      ...[...cpu].reverse(),
      { ...(cpu[0] as MetricDatapoint), value: Number.NaN, timestamp: WINDOWS.baselineStart + 30_000 },
      {
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: { FunctionName: 'api' },
        stat: 'Sum',
        period: 60,
        timestamp: INCIDENT_START,
        value: 3,
      },
    ];
    // A gap: ten minutes of the users pod missing.
    const gapped = metrics.filter(
      (m) =>
        !(
          m.dimensions.PodName?.startsWith('users') &&
          m.timestamp > INCIDENT_START - 10 * MIN &&
          m.timestamp < INCIDENT_START
        ),
    );
    const f = analyzeTelemetry(telemetry(gapped, []), {
      ...CTX,
      alarmExpressions: ['m1/m2*100'],
    });
    expect(f.services[0]?.service).toBe('orders');
    expect(f.limitations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/1 metric datapoint\(s\) without a finite value/),
        expect.stringMatching(/1 metric series have a single point/),
        expect.stringMatching(/metric-math expression/),
      ]),
    );
  });

  it("evaluates a metric-math alarm's expression over its metrics to find when it left its baseline", () => {
    const onsetAt = WINDOWS.baselineStart + 30 * MIN;
    const lb = { LoadBalancer: 'app/edge/1' };
    const errors = series(
      {
        namespace: 'AWS/ApplicationELB',
        metricName: 'HTTPCode_Target_5XX_Count',
        dimensions: lb,
        stat: 'Sum',
      },
      WINDOWS.baselineStart,
      WINDOWS.alarmAt,
      (t, i) => (t >= onsetAt ? 300 : 2 + (i % 3)),
    );
    // No requests for one minute: that point's ratio divides by zero and is left out.
    const requests = series(
      { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', dimensions: lb, stat: 'Sum' },
      WINDOWS.baselineStart,
      WINDOWS.alarmAt,
      (t) => (t === WINDOWS.baselineStart + 5 * MIN ? 0 : 1000),
    );
    const ctx: TelemetryContext = {
      ...CTX,
      alarmMetric: [
        {
          id: 'm1',
          namespace: 'AWS/ApplicationELB',
          metricName: 'HTTPCode_Target_5XX_Count',
          dimensions: lb,
          stat: 'Sum',
        },
        {
          id: 'm2',
          namespace: 'AWS/ApplicationELB',
          metricName: 'RequestCount',
          dimensions: lb,
          stat: 'Sum',
        },
      ],
      alarmExpressions: [{ id: 'e1', expression: '100 * m1 / m2', label: 'ErrorRate', returnData: true }],
    };
    const f = analyzeTelemetry(telemetry([...errors, ...requests], []), ctx);
    expect(f.alarmSeries?.label).toMatch(/ErrorRate/);
    expect(f.alarmSeries?.points.find((p) => p.at === onsetAt)?.value).toBe(30);
    expect(f.alarmOnset?.at).toBe(onsetAt);
    expect(f.limitations.join(' ')).toMatch(
      /1 point\(s\) of the alarm's metric-math expression e1 had no finite value/,
    );

    // Its own series, as the CloudWatch fetch stores it, wins over evaluating it here.
    const own = series(
      {
        namespace: 'MetricMath',
        metricName: 'ErrorRate',
        dimensions: { Expression: '100 * m1 / m2' },
        stat: 'Expression',
      },
      WINDOWS.baselineStart,
      WINDOWS.alarmAt,
      () => 7,
    );
    const g = analyzeTelemetry(telemetry([...errors, ...requests, ...own], []), ctx);
    expect(g.alarmSeries?.points.every((p) => p.value === 7)).toBe(true);
  });

  it('goes on without the alarm series when its expression cannot be evaluated, and says why', () => {
    const f = analyzeTelemetry(telemetry(podCpu('orders', INCIDENT_START + 2 * MIN), quiet()), {
      ...CTX,
      alarmExpressions: [
        { id: 'q1', expression: "SEARCH('{AWS/EC2} CPUUtilization', 'Average')", returnData: true },
      ],
    });
    expect(f.alarmSeries).toBeNull();
    expect(f.limitations.join(' ')).toMatch(/expression q1 could not be evaluated here: .*quoted text/);
    expect(f.services[0]?.service).toBe('orders');
  });

  it('says when the alarm metric has no datapoints', () => {
    const f = analyzeTelemetry(telemetry(podCpu(null, 0), []), {
      ...CTX,
      alarmMetric: [
        {
          namespace: 'AWS/ApplicationELB',
          metricName: 'HTTPCode_Target_5XX_Count',
          dimensions: { LoadBalancer: 'app/edge/1' },
        },
      ],
    });
    expect(f.alarmOnset).toBeNull();
    expect(f.alarmSeries).toBeNull();
    expect(f.limitations.join(' ')).toMatch(/HTTPCode_Target_5XX_Count has no usable datapoints/);
  });

  it('analyzes 100,000 spans up to its cap and says how many it left out', () => {
    const many = traces(12_600, WINDOWS.baselineStart, WINDOWS.alarmAt);
    const f = analyzeTelemetry(telemetry([], many), CTX);
    expect(f.stats.spans).toBeGreaterThanOrEqual(100_000);
    expect(f.stats.spansUsed).toBeLessThanOrEqual(50_000);
    expect(f.limitations.join(' ')).toMatch(/span\(s\) of \d+ trace\(s\) beyond the cap/);
    expect(f.callGraph.length).toBeGreaterThan(0);
  });

  it('says when the telemetry holds no baseline and uses the earlier half of what there is', () => {
    const late = INCIDENT_START + 3 * MIN;
    const f = analyzeTelemetry(
      telemetry(
        [],
        [
          ...traces(80, late, late + 6 * MIN),
          ...traces(80, late + 6 * MIN, WINDOWS.alarmAt, { net: { users: 50 } }, 1000),
        ],
      ),
      CTX,
    );
    expect(f.limitations.join(' ')).toMatch(/earlier half serves as their baseline/);
    expect(f.services[0]?.service).toBe('users');
  });

  it('survives spans without parents and clock skew between segments', () => {
    const skewed = traces(
      90,
      INCIDENT_START,
      WINDOWS.alarmAt,
      { skew: { orders: 800 }, self: { orders: 40 } },
      1000,
    ).map((d) => (d.name === 'users' ? { ...d, parent_id: '0000000000000bad' } : d));
    const f = analyzeTelemetry(telemetry([], [...quiet(), ...skewed]), CTX);
    expect(f.services[0]?.service).toBe('orders');
    expect(f.limitations.join(' ')).toMatch(/clock skew/);
    expect(f.limitations.join(' ')).toMatch(/name a parent missing from their trace/);
  });
});
