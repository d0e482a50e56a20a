import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

/** Two gateways and the scheduler that submits through one of them. */
function routine() {
  return [
    ...spread('/svc/wire-gateway', 58, 0, 290, (i) => `INFO wire ${i} sent`),
    ...spread('/svc/card-gateway', 58, 0, 290, (i) => `INFO card batch ${i} settled`),
    ...spread('/svc/settlement-scheduler', 58, 0, 290, (i) => `INFO run ${i} scheduled`),
  ];
}

describe('an earlier episode of new lines', () => {
  it('that ended minutes before the others began, named by no one, is not their origin for coming first', () => {
    const events = byTime([
      ...routine(),
      // The wire partner's maintenance: a burst of warnings that is over before anything else starts.
      ...spread('/svc/wire-gateway', 14, 10, 60, (i) => `WARN wire ${9000 + i} parked: partner unavailable`),
      ...spread('/svc/card-gateway', 6, 0, 40, (i) => `ERROR card batch ${7000 + i} rejected at step SUBMIT`),
      ...spread(
        '/svc/settlement-scheduler',
        5.8,
        0,
        30,
        (i) => `WARN run ${8000 + i} incomplete: card-gateway rejected the batch`,
      ),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('card-gateway');
    // Nor is it affected with them: its episode was over before theirs began.
    expect(f.affected.map((a) => a.service).sort()).toEqual(['card-gateway', 'settlement-scheduler']);
  });

  it('still comes first when it goes on while the others begin', () => {
    const events = byTime([
      ...routine(),
      ...spread('/svc/wire-gateway', 8, 0, 80, (i) => `ERROR wire ${9000 + i} failed at step SUBMIT`),
      ...spread('/svc/card-gateway', 5, 0, 40, (i) => `WARN card batch ${7000 + i} slow to settle`),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('wire-gateway');
    expect(f.affected.map((a) => a.service)).toContain('card-gateway');
  });

  it('still comes first when it was a release: a change lasts after its lines end', () => {
    const events = byTime([
      ...routine(),
      line('/svc/record-sync', 9.5, 'INFO Starting record-sync v2.0.0'),
      line('/svc/record-sync', 9.4, 'WARN source "service" is not configured, its records will be removed'),
      ...spread(
        '/svc/card-gateway',
        5,
        0,
        40,
        (i) => `ERROR card batch ${7000 + i} failed: lookup acquirer.int.example: no such host`,
      ),
      ...spread(
        '/svc/wire-gateway',
        4.5,
        0,
        40,
        (i) => `ERROR wire ${9000 + i} failed: lookup partner.int.example: no such host`,
      ),
    ]);
    expect(correlate({ events }, window).root?.service).toBe('record-sync');
  });
});
