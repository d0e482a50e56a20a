import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, spread } from './builders.ts';

/** Two services at work for an hour: a ledger worker and the API that calls it. */
function routine() {
  return [
    ...spread(
      '/svc/ledger-worker',
      58,
      0,
      240,
      (i) => `INFO posted batch ${1000 + i} with ${i % 17} entries`,
    ),
    ...spread('/svc/statement-api', 58, 0, 240, (i) => `INFO GET /statements/${i} 200 in ${12 + (i % 5)} ms`),
  ];
}

describe('a clear origin whose failure no lexicon phrase names', () => {
  it('is named, with class other, instead of being withheld', () => {
    const events = byTime([
      ...routine(),
      ...spread(
        '/svc/ledger-worker',
        6,
        0,
        30,
        (i) => `ERROR posting batch ${2000 + i} aborted in step settle-fx`,
      ),
      ...spread(
        '/svc/statement-api',
        5.5,
        0,
        20,
        (i) => `ERROR statement ${i} incomplete: ledger-worker gave no totals`,
      ),
    ]);
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.inconclusive).toBe(false);
    expect(f.root?.service).toBe('ledger-worker');
    expect(f.classification.faultClass).toBe('other');
    expect(f.classification.basis).toContain('ledger-worker');
  });

  it('stays inconclusive when the new lines are only warnings of no known meaning', () => {
    const events = byTime([
      ...routine(),
      ...spread('/svc/ledger-worker', 6, 0, 4, (i) => `WARN batch ${i} posted late by a few seconds`),
    ]);
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.inconclusive).toBe(true);
    expect(f.root).toBeNull();
  });

  it('stays inconclusive when two services fail at once and neither names the other', () => {
    const events = byTime([
      ...routine(),
      ...spread(
        '/svc/ledger-worker',
        6,
        0,
        20,
        (i) => `ERROR posting batch ${2000 + i} aborted in step settle-fx`,
      ),
      ...spread(
        '/svc/statement-api',
        6,
        0,
        20,
        (i) => `ERROR render of statement ${i} aborted in step layout`,
      ),
    ]);
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.inconclusive).toBe(true);
  });
});
