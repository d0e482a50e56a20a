import { describe, expect, it } from 'vitest';
import { correlate } from '../../../shared/analysis/correlate/findings.ts';
import { buildCharts, buildServiceMap } from '../../../shared/analysis/report-build/charts.ts';
import { incidentPhases } from '../../../shared/analysis/report-build/phases.ts';
import type { TelemetryFindings } from '../../../shared/analysis/telemetry/types.ts';
import { computeWindows } from '../../../shared/analysis/window.ts';
import { mainChart } from '../../../shared/report/report-pictures.ts';
import { ALARM_AT, ledgerEvents } from './ledger-incident.ts';

const MIN = 60_000;
const minutes = (from: number, to: number, value: (m: number) => number) =>
  Array.from({ length: to - from }, (_, i) => ({ at: ALARM_AT + (from + i) * MIN, value: value(from + i) }));

function telemetry(): TelemetryFindings {
  return {
    alarmOnset: {
      at: ALARM_AT - 8 * MIN,
      seriesKey: 'a',
      baselineMedian: 0,
      incidentMedian: 9,
      shift: 9,
      robustZ: 12,
    },
    alarmSeries: {
      seriesKey: 'a',
      label: 'HTTPCode_Target_5XX_Count (Sum)',
      unit: 'Count',
      points: minutes(-30, 5, (m) => (m < -8 ? 0 : 12)),
      threshold: 3,
      onset: ALARM_AT - 8 * MIN,
    },
    services: [
      {
        service: 'ledger-api',
        score: 0.9,
        onset: ALARM_AT - 14 * MIN,
        evidence: [],
        faultHint: { faultClass: 'memory_exhaustion', strength: 0.8 },
        series: [
          {
            seriesKey: 'm',
            namespace: 'ContainerInsights',
            metricName: 'pod_memory_utilization_over_pod_limit',
            stat: 'Average',
            unit: 'Percent',
            label: 'pod_memory_utilization_over_pod_limit (Average)',
            points: minutes(-30, 5, (m) => (m < -14 ? 40 : 99)),
            baselineMedian: 40,
            incidentMedian: 99,
            direction: 'up',
            limit: 100,
            onset: ALARM_AT - 14 * MIN,
            robustZ: 20,
          },
        ],
      },
    ],
    callGraph: [
      {
        caller: 'edge-proxy',
        callee: 'ledger-api',
        calls: { baseline: 100, incident: 80 },
        latencyMs: { baseline: 30, incident: 9000 },
        networkMs: { baseline: 1, incident: 1 },
        errorShare: { baseline: 0, incident: 0.62 },
      },
    ],
    operations: [],
    propagation: ['ledger-api', 'edge-proxy'],
    blastRadius: ['ledger-api', 'edge-proxy'],
    traceOrigins: [],
    stats: { datapoints: 70, datapointsUsed: 70, series: 2, spans: 10, spansUsed: 10, traces: 5 },
    limitations: [],
  };
}

describe('pictures from telemetry findings', () => {
  const f = correlate({ events: ledgerEvents() }, computeWindows(ALARM_AT));
  Object.assign(f, { telemetry: telemetry() });
  const charts = buildCharts(f, incidentPhases(f)?.phases ?? []);

  it('draws the alarm metric first, with its threshold and the onset marked', () => {
    const alarm = charts[0];
    expect(alarm).toMatchObject({ id: 'alarm-metric', kind: 'alarm-metric', threshold: 3, unit: 'Count' });
    expect(alarm?.markers.map((m) => m.kind)).toEqual(
      expect.arrayContaining(['onset', 'first-signal', 'alarm', 'down', 'recovered']),
    );
    expect(alarm?.markers.find((m) => m.kind === 'onset')?.at).toBe(
      new Date(ALARM_AT - 8 * MIN).toISOString(),
    );
    expect(mainChart({ charts } as never)?.id).toBe('alarm-metric');
  });

  it("draws the metric that moved for a service, against the metric's limit", () => {
    const moved = charts.find((c) => c.id === 'metric-ledger-api');
    expect(moved).toMatchObject({
      kind: 'service-metric',
      service: 'ledger-api',
      threshold: 100,
      unit: 'Percent',
    });
    expect(moved?.series[0]?.points).toHaveLength(35);
  });

  it('maps the calls of the traces, the origin marked and the failing share on the edge', () => {
    expect(buildServiceMap(f)).toEqual({
      nodes: [
        { service: 'edge-proxy', origin: false },
        { service: 'ledger-api', origin: true },
      ],
      edges: [{ from: 'edge-proxy', to: 'ledger-api', label: '62% failed' }],
    });
  });

  it('keeps to the log pictures without telemetry', () => {
    const plain = correlate({ events: ledgerEvents() }, computeWindows(ALARM_AT));
    Object.assign(plain, { telemetry: null });
    const logOnly = buildCharts(plain, []);
    expect(logOnly.map((c) => c.kind)).not.toContain('alarm-metric');
    expect(buildServiceMap(plain)).toBeNull();
  });
});
