import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { Telemetry } from '../../../../shared/domain/telemetry.ts';
import { byTime, hourly, spread } from './builders.ts';

const window = computeWindows(Date.parse('2026-08-11T03:20:00Z'));

/** A lending API and its database: an hour of routine work, with the API's tasks scaled out 9 minutes before the alarm. */
function routine() {
  return [
    ...spread('/ecs/loan-api', 58, 0, 580, (i) => `INFO GET /loans/${i} 200 in ${30 + (i % 9)} ms`),
    ...spread(
      '/aws/rds/instance/loans-db/postgresql',
      58,
      0,
      58,
      () => 'LOG:  checkpoint complete: wrote 80 buffers',
    ),
  ];
}

/** The database's connections: near 120 all hour, stepping up as the new tasks open their pools. */
function connections(after: (minute: number) => number): Telemetry {
  return {
    metrics: hourly(
      {
        namespace: 'AWS/RDS',
        metricName: 'DatabaseConnections',
        dimensions: { DBInstanceIdentifier: 'loans-db' },
        stat: 'Maximum',
        unit: 'Count',
      },
      (minute) => (minute < 9 ? after(minute) : 118 + (minute % 5)),
    ),
    traces: [],
    notes: [],
  };
}

describe('a metric that rose while nothing failed', () => {
  it('is more use, not a fault: the analysis names no origin', () => {
    const f = correlate(
      { events: byTime(routine()) },
      window,
      [],
      connections((m) => 150 + (m % 7) * 3),
    );
    expect(f.inconclusive).toBe(true);
    expect(f.trail.steps.some((s) => /more use, not a fault/.test(s.detail))).toBe(true);
  });

  it('names the origin when the clients fail meanwhile', () => {
    const failing = spread(
      '/ecs/loan-api',
      7,
      0,
      60,
      (i) => `ERROR GET /loans/${900 + i} failed: timeout acquiring a connection to loans-db after 3000 ms`,
    );
    const f = correlate(
      { events: byTime([...routine(), ...failing]) },
      window,
      [],
      connections((m) => 150 + (m % 7) * 3),
    );
    expect(f.inconclusive).toBe(false);
  });

  it('names the origin when the count levels off at a ceiling, failures or not', () => {
    const f = correlate(
      { events: byTime(routine()) },
      window,
      [],
      connections((m) => (m > 5 ? 160 + m : 200)),
    );
    expect(f.inconclusive).toBe(false);
    expect(f.root?.service).toBe('loans-db');
  });

  /** The database's CPU near 20%, at 96% while a report ran from 14 to 7 minutes before the alarm, then `after`. */
  const cpu = (after: (minute: number) => number): Telemetry => ({
    metrics: hourly(
      {
        namespace: 'AWS/RDS',
        metricName: 'CPUUtilization',
        dimensions: { DBInstanceIdentifier: 'loans-db' },
        stat: 'Average',
        unit: 'Percent',
      },
      (minute) => (minute > 14 ? 18 + (minute % 4) : minute >= 7 ? 96 : after(minute)),
    ),
    traces: [],
    notes: [],
  });

  it('is more use when it reached its limit and was back at its baseline before the data ends', () => {
    const f = correlate(
      { events: byTime(routine()) },
      window,
      [],
      cpu((m) => 17 + (m % 4)),
    );
    expect(f.inconclusive).toBe(true);
    expect(f.onlyUse).toMatch(/loans-db's telemetry moved .* and was back at its baseline by 03:1[34] UTC/);
  });

  it('names the origin when the metric stays at its limit to the end of the data', () => {
    const f = correlate(
      { events: byTime(routine()) },
      window,
      [],
      cpu(() => 97),
    );
    expect(f.inconclusive).toBe(false);
    expect(f.root?.service).toBe('loans-db');
  });
});
