import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

/** A roster service released 48 minutes before the alarm, its callers, and what it ran out of. */
function incident(failure: (i: number) => string) {
  return byTime([
    ...spread('/ecs/roster-api', 58, 0, 290, (i) => `INFO GET /shifts/${i} 200 in 12 ms`),
    ...spread('/ecs/staff-web', 58, 0, 290, (i) => `INFO page ${i} rendered`),
    line('/ecs/roster-api', 48, 'INFO roster-api 2.9.0 starting (pool_size=10)'),
    ...spread('/ecs/roster-api', 6, 0, 40, failure),
    ...spread('/ecs/staff-web', 5.8, 0, 30, (i) => `ERROR page ${i} failed: roster-api answered 500`),
  ]);
}

describe("the origin's own release long before a resource that fills up ran out", () => {
  it('is the trigger of a connection pool exhausted 40 minutes later', () => {
    const f = correlate(
      {
        events: incident(
          (i) =>
            `ERROR GET /shifts/${i} failed: QueuePool limit of size 10 overflow 5 reached, connection timed out`,
        ),
      },
      window,
    );
    expect(f.root?.service).toBe('roster-api');
    expect(f.trigger?.change.version).toBe('2.9.0');
  });

  it('is not the trigger of a failure that does not accumulate', () => {
    const f = correlate(
      { events: incident((i) => `ERROR GET /shifts/${i} failed: lookup ledger.internal: no such host`) },
      window,
    );
    expect(f.root?.service).toBe('roster-api');
    expect(f.trigger?.change.version).toBeUndefined();
  });
});
