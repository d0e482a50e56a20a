import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../../../shared/analysis/collect/index.ts';
import { findBehaviourShifts } from '../../../../shared/analysis/correlate/behaviour.ts';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, spread } from './builders.ts';

describe('what routine lines say when no error line does', () => {
  it('a service whose routine lines stop while the others go on has gone quiet, and is the origin', () => {
    const events = byTime([
      ...spread('/svc/rate-feed', 58, 7, 510, (i) => `INFO published rate tick ${i} for pair ${i % 12}`),
      ...spread('/svc/fx-quotes', 58, 0, 580, (i) => `INFO quote ${i} priced from the cached rate`),
    ]);
    const windows = computeWindows(ALARM);
    const shifts = findBehaviourShifts(collectEvents(events, windows), windows);
    expect(shifts.map((s) => [s.service, s.kind])).toContainEqual(['rate-feed', 'quiet']);
    const f = correlate({ events: events }, windows);
    expect(f.root?.service).toBe('rate-feed');
    expect(f.classification.faultClass).toBe('other');
    expect(f.patientZero).toBeNull();
  });

  it('a number inside a routine line that rises well beyond its spread is a shift of its service', () => {
    const events = byTime([
      ...spread(
        '/svc/ledger-db',
        58,
        6,
        520,
        (i) => `INFO query ${i} done in ${(0.08 + (i % 5) / 100).toFixed(2)} s`,
      ),
      // From 6 minutes before the alarm, the same query takes seconds.
      ...spread(
        '/svc/ledger-db',
        6,
        0,
        60,
        (i) => `INFO query ${9000 + i} done in ${(7.5 + (i % 4) / 10).toFixed(2)} s`,
      ),
      ...spread('/svc/ledger-db', 14, 7, 2, (i) => `ERROR replica ${i} not caught up`),
      ...spread('/svc/ledger-db', 6, 0, 20, (i) => `ERROR replica ${i} not caught up`),
    ]);
    const windows = computeWindows(ALARM);
    const collected = collectEvents(events, windows);
    const shifts = findBehaviourShifts(collected, windows);
    const rise = shifts.find((s) => s.kind === 'numeric-rise');
    expect(rise?.service).toBe('ledger-db');
    expect(rise?.detail).toMatch(/rose from a median of 0\.\d+ to 7\.\d+/);
  });

  it('a number that rises with the work its emitter does is load, not a shift', () => {
    // A label job: each run's duration grows with its batch, and the batch's lines grow with it.
    const events = byTime([
      ...spread('/aws/lambda/label-maker', 58, 6, 52, (i) => `REPORT run ${i} Duration: ${500 + (i % 7)} ms`),
      ...spread('/aws/lambda/label-maker', 58, 6, 52, (i) => `INFO label ${i} created`),
      ...spread(
        '/aws/lambda/label-maker',
        6,
        0,
        6,
        (i) => `REPORT run ${900 + i} Duration: ${5200 + (i % 7)} ms`,
      ),
      ...spread('/aws/lambda/label-maker', 6, 0, 600, (i) => `INFO label ${9000 + i} created`),
    ]);
    const windows = computeWindows(ALARM);
    const shifts = findBehaviourShifts(collectEvents(events, windows), windows);
    expect(shifts.filter((s) => s.kind === 'numeric-rise')).toEqual([]);
    expect(correlate({ events }, windows).root).toBeNull();
  });

  it('an amount each line carries (a batch size) that rises with the lines is load; a queue size is not an amount', () => {
    // A meter importer's night run: four times the batches a minute, each fifteen times larger.
    const night = (amount: string) =>
      byTime([
        ...spread(
          '/aws/lambda/meter-ingest',
          58,
          6,
          104,
          (i) => `INFO received ${amount}=${3 + (i % 3)} from meters`,
        ),
        ...spread(
          '/aws/lambda/meter-ingest',
          6,
          0,
          48,
          (i) => `INFO received ${amount}=${60 + (i % 5)} from meters`,
        ),
      ]);
    const windows = computeWindows(ALARM);
    const rises = (events: ReturnType<typeof night>) =>
      findBehaviourShifts(collectEvents(events, windows), windows).filter((s) => s.kind === 'numeric-rise');
    expect(rises(night('batch size'))).toEqual([]);
    expect(correlate({ events: night('batch size') }, windows).root).toBeNull();
    // What waits in a queue grows when its consumer falls behind, however busy it is.
    expect(rises(night('queue size')).map((s) => s.service)).toEqual(['meter-ingest']);
  });

  it("a structured line's numeric fields are measures too, and its counters and ids are not", () => {
    const served = (i: number, waitMs: number) =>
      `level=info msg="fare served" fare_id=${40000 + i} db_wait_ms=${waitMs} pool_in_use=${waitMs > 100 ? 40 : 3 + (i % 3)}`;
    const events = byTime([
      ...spread('/svc/fares', 58, 6, 520, (i) => served(i, 2 + (i % 4))),
      // From 6 minutes before the alarm every request waits most of a second for a connection.
      ...spread('/svc/fares', 6, 0, 60, (i) => served(600 + i, 850 + (i % 7) * 10)),
    ]);
    const windows = computeWindows(ALARM);
    const rise = findBehaviourShifts(collectEvents(events, windows), windows).find(
      (s) => s.kind === 'numeric-rise',
    );
    expect(rise?.service).toBe('fares');
    expect(rise?.detail).toMatch(/to (?:8[5-9]\d|9\d\d)\b/);
  });

  it('a count field whose name ends like a unit (docs, items) is not read as a duration', () => {
    const events = byTime([
      ...spread(
        '/svc/indexer',
        58,
        6,
        520,
        (i) => `level=info msg="bulk indexed" docs=${300 + (i % 9)} items=${40 + (i % 5)}`,
      ),
      ...spread(
        '/svc/indexer',
        6,
        0,
        60,
        (i) => `level=info msg="bulk indexed" docs=${1500 + (i % 9)} items=${200 + (i % 5)}`,
      ),
    ]);
    const windows = computeWindows(ALARM);
    expect(findBehaviourShifts(collectEvents(events, windows), windows)).toEqual([]);
  });

  it('ids and counters that merely grow are not measures', () => {
    const events = byTime(
      spread('/svc/ledger-db', 58, 0, 580, (i) => `INFO committed txn ${100000 + i * 37}`),
    );
    const windows = computeWindows(ALARM);
    expect(findBehaviourShifts(collectEvents(events, windows), windows)).toEqual([]);
  });
});

describe('a shift in the rate of routine lines', () => {
  it('is seen, and ranks candidates without naming an origin by itself', () => {
    const events = byTime([
      ...spread('/svc/search-api', 58, 0, 580, (i) => `INFO query ${i} answered from the index`),
      ...spread('/svc/search-api', 58, 0, 10, (i) => `INFO query ${i} served from the fallback replica`),
      ...spread(
        '/svc/search-api',
        6,
        0,
        120,
        (i) => `INFO query ${900 + i} served from the fallback replica`,
      ),
    ]);
    const windows = computeWindows(ALARM);
    const shifts = findBehaviourShifts(collectEvents(events, windows), windows);
    expect(shifts.find((s) => s.kind === 'rate-shift')?.detail).toContain('fallback replica');
    expect(correlate({ events: events }, windows).inconclusive).toBe(true);
  });
});
