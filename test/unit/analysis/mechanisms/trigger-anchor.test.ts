import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

describe('the change that set the fault off', () => {
  it('is looked for before the first failing work, not before a warning of no fault meaning that came earlier', () => {
    const events = byTime([
      ...spread('/svc/ticket-hold', 58, 0, 580, (i) => `INFO hold ${i} placed in ${20 + (i % 7)} ms`),
      // The on-sale opens: sold-out answers begin, a business outcome and no fault.
      ...spread('/svc/ticket-hold', 9, 0, 45, (i) => `WARN hold ${5000 + i} refused: seats already taken`),
      line('/svc/ticket-hold', 7, 'INFO Starting TicketHoldApplication v4.2.0 using Java 21.0.4 with PID 1'),
      ...spread(
        '/svc/ticket-hold',
        5,
        0,
        60,
        (i) =>
          `ERROR hold ${6000 + i} failed: Deadlock found when trying to get lock; try restarting transaction`,
      ),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('ticket-hold');
    expect(f.classification.faultClass).toBe('database_lock');
    expect(f.trigger?.change.kind).toBe('deploy');
    expect(f.trigger?.change.version).toBe('4.2.0');
  });
});
