import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { stepOnset } from '../../../../shared/analysis/correlate/onset.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, MIN, spread } from './builders.ts';

const series = (counts: number[], from = -10) => new Map(counts.map((n, i) => [from + i, n]));

describe('the onset of the errors, found in the data', () => {
  it('is the minute a count series steps up', () => {
    const onset = stepOnset(series([1, 0, 1, 0, 1, 0, 9, 12, 10, 11]), -10, -1);
    expect(onset?.minute).toBe(-4);
    expect(onset?.rateAfter).toBeGreaterThan(3 * (onset?.rateBefore ?? 0));
  });

  it('is absent when the series only wobbles', () => {
    expect(stepOnset(series([3, 5, 2, 4, 6, 3, 5, 4, 2, 5]), -10, -1)).toBeNull();
  });

  it('is measured per line logged when the traffic itself rises', () => {
    const errors = series([1, 1, 1, 1, 1, 10, 10, 10, 10, 10]);
    const lines = series([100, 100, 100, 100, 100, 1000, 1000, 1000, 1000, 1000]);
    expect(stepOnset(errors, -10, -1)).not.toBeNull();
    expect(stepOnset(errors, -10, -1, 1, lines)).toBeNull();
  });

  it('opens the incident window at the onset when the alarm fires late', () => {
    const events = byTime([
      ...spread('/svc/geo-index', 59, 0, 590, (i) => `INFO lookup ${i} served from shard ${i % 4}`),
      ...spread('/svc/geo-index', 59, 0, 6, (i) => `ERROR lookup ${i} aborted: shard rebuild in progress`),
      // The fault begins 40 minutes before the alarm, long before the default 15-minute window.
      ...spread(
        '/svc/geo-index',
        40,
        0,
        400,
        (i) => `ERROR lookup ${i} aborted: index segment ${i % 3} unreadable`,
      ),
    ]);
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.windows.baselineEnd).toBeLessThanOrEqual(ALARM - 39 * MIN);
    expect(f.windows.baselineEnd).toBeGreaterThanOrEqual(ALARM - 41 * MIN);
    expect(f.limitations.join(' ')).toMatch(/stepped up 4\d min before the alarm/);
    expect(f.root?.service).toBe('geo-index');
  });

  it('gives a history of a few minutes its own baseline, so errors already there are not blamed', () => {
    const events = byTime([
      // Logs begin 5 minutes before the alarm; the card service's warning was there from the start.
      ...spread('/svc/card-auth', 5, 0, 100, (i) => `INFO authorised payment ${i}`),
      ...spread('/svc/card-auth', 5, 0, 50, (i) => `ERROR velocity rule ${i % 3} not loaded, using default`),
      ...spread('/svc/card-vault', 5, 0, 100, (i) => `INFO token ${i} resolved`),
      ...spread('/svc/card-vault', 2, 0, 60, (i) => `ERROR token ${i} resolution aborted: keystore sealed`),
      line('/svc/card-auth', 1.9, 'ERROR payment 7 declined: card-vault returned no token'),
      line('/svc/card-auth', 1.5, 'ERROR payment 9 declined: card-vault returned no token'),
      line('/svc/card-auth', 1.2, 'ERROR payment 12 declined: card-vault returned no token'),
    ]);
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.anomalies.hasBaseline).toBe(true);
    expect(f.anomalies.noise.map((p) => p.template).join(' ')).toContain('velocity rule');
    expect(f.root?.service).toBe('card-vault');
  });
});
