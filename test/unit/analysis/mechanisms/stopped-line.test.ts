import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../../../shared/analysis/collect/index.ts';
import { findBehaviourShifts } from '../../../../shared/analysis/correlate/behaviour.ts';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, spread } from './builders.ts';

const windows = computeWindows(ALARM);

/** A tariff engine that settles a batch every few seconds and renews its lock every few seconds besides. */
function tariffEngine(settlesUntil: number) {
  return [
    ...spread(
      '/svc/tariff-engine',
      58,
      settlesUntil,
      Math.round((58 - settlesUntil) * 20),
      (i) => `INFO settled batch ${i} (${40 + (i % 9)} readings)`,
    ),
    ...spread('/svc/tariff-engine', 58, 0, 580, (i) => `DEBUG lock held by node-b, renewed (${i})`),
  ];
}

/** The billing portal that waits for the engine's answers. */
function portal(failsFrom: number) {
  return [
    ...spread(
      '/svc/billing-portal',
      58,
      failsFrom,
      Math.round((58 - failsFrom) * 10),
      (i) => `INFO invoice ${i} rendered`,
    ),
    ...spread(
      '/svc/billing-portal',
      failsFrom - 0.2,
      0,
      60,
      (i) =>
        ({
          message: `ERROR invoice ${7000 + i} not rendered: deadline exceeded after 3000 ms\njava.util.concurrent.TimeoutException: no settlement from tariff-engine within 3000 ms\n\tat com.example.billing.SettlementGateway.await(SettlementGateway.java:88)`,
        }).message,
    ),
  ];
}

describe('a regular routine line that stops', () => {
  it('names the silent service whose loop hung while its other lines went on, when its callers name it', () => {
    const events = byTime([...tariffEngine(5), ...portal(5)]);
    const shifts = findBehaviourShifts(collectEvents(events, windows), windows);
    const stopped = shifts.find((s) => s.service === 'tariff-engine');
    expect(stopped?.kind).toBe('quiet');
    expect(stopped?.detail).toMatch(/routine line "settled batch .*" stopped/);
    const f = correlate({ events }, windows);
    expect(f.root?.service).toBe('tariff-engine');
    expect(f.affected.map((a) => a.service)).toContain('billing-portal');
  });

  it('is not looked for in a service that fails in its own words', () => {
    const events = byTime([
      ...tariffEngine(5),
      ...spread(
        '/svc/tariff-engine',
        4.8,
        0,
        40,
        (i) => `ERROR batch ${9000 + i} not settled: reading table locked`,
      ),
    ]);
    const collected = collectEvents(events, windows);
    expect(
      findBehaviourShifts(collected, windows, new Set(['tariff-engine'])).filter((s) => s.kind === 'quiet'),
    ).toEqual([]);
  });

  it('is not a stop when every service slows down at once (the log shipper, not the service)', () => {
    const events = byTime([
      ...tariffEngine(5),
      ...spread('/svc/meter-intake', 58, 5, 530, (i) => `INFO meter ${i} read`),
    ]);
    const shifts = findBehaviourShifts(collectEvents(events, windows), windows);
    expect(shifts.filter((s) => s.service === 'tariff-engine' && s.kind === 'quiet')).toEqual([]);
  });

  it('is not a stop for a line that came in bursts, not in nearly every minute', () => {
    const events = byTime([
      ...spread('/svc/tariff-engine', 40, 30, 300, (i) => `INFO settled batch ${i}`),
      ...spread('/svc/tariff-engine', 58, 0, 580, (i) => `DEBUG lock held by node-b, renewed (${i})`),
      ...spread('/svc/meter-intake', 58, 0, 580, (i) => `INFO meter ${i} read`),
    ]);
    const shifts = findBehaviourShifts(collectEvents(events, windows), windows);
    expect(shifts.filter((s) => s.kind === 'quiet')).toEqual([]);
  });

  it('is not a stop of the server when the line is its account of a client that stopped coming', () => {
    const events = byTime([
      ...spread(
        '/db/ledger-pg',
        58,
        5,
        530,
        () => 'LOG:  connection authorized: user=inv database=ledger application_name=invoice-api',
      ),
      ...spread(
        '/db/ledger-pg',
        58,
        0,
        580,
        () => 'LOG:  connection authorized: user=pay database=ledger application_name=payroll-api',
      ),
      ...spread('/svc/payroll-api', 58, 0, 580, (i) => `INFO payslip ${i} posted`),
      ...spread('/svc/invoice-api', 58, 5, 530, (i) => `INFO invoice ${i} posted`),
      ...spread(
        '/svc/invoice-api',
        4.9,
        0,
        50,
        (i) => `ERROR invoice ${8000 + i} not posted: dial tcp ledger-pg:5432: i/o timeout`,
      ),
    ]);
    const shifts = findBehaviourShifts(collectEvents(events, windows), windows, new Set(['invoice-api']));
    expect(shifts.filter((s) => s.service === 'ledger-pg')).toEqual([]);
    expect(correlate({ events }, windows).root?.service).toBe('invoice-api');
  });
});
