import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

/**
 * A fee service is released; its new fee rounding throws for some amounts, and it catches the
 * exception, logs a warning and answers "failed". The checkout that asks it rolls orders back.
 */
function incident(warning: (i: number) => string) {
  return byTime([
    ...spread('/ecs/fee-svc', 58, 0, 290, (i) => `INFO fee computed for order o-${i}`),
    line('/ecs/fee-svc', 9, 'INFO fee-svc starting version=3.2.0'),
    ...spread('/ecs/fee-svc', 8.5, 0, 40, warning),
    ...spread('/ecs/checkout', 58, 0, 290, (i) => `INFO order o-${i} placed`),
    ...spread(
      '/ecs/checkout',
      8.4,
      0,
      40,
      (i) => `ERROR order o-${900 + i} rolled back: fee service answered failed`,
    ),
  ]);
}

describe('a warning that carries the exception its operation failed with', () => {
  it('is failing work: after a release of the service, the release names the class', () => {
    const f = correlate(
      {
        events: incident(
          (i) =>
            `WARN fee for order o-${900 + i} failed, answering status 0: java.lang.ArithmeticException: Rounding necessary`,
        ),
      },
      window,
    );
    expect(f.root?.service).toBe('fee-svc');
    expect(f.classification.faultClass).toBe('bad_deployment');
  });

  it('is not, without an exception: a warning of no fault meaning after a release names no class', () => {
    const f = correlate(
      { events: incident((i) => `WARN fee for order o-${900 + i} took a slower path`) },
      window,
    );
    expect(f.classification.faultClass).not.toBe('bad_deployment');
  });
});
