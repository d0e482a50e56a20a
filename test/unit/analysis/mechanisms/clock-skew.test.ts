import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

/**
 * A ticketing company's token service signs the tokens its booking and seat APIs check. One of its
 * hosts comes up with a clock nearly five minutes fast: the service warns of it, and from then the
 * two APIs refuse the tokens it signs there as not valid yet.
 */
function incident(hostClock: string | null) {
  return byTime([
    ...spread('/ecs/token-service', 58, 0, 290, (i) => `INFO signed token for session s-${i} (ttl 900 s)`),
    ...spread('/ecs/booking-api', 58, 0, 290, (i) => `INFO POST /bookings/${i} 201`),
    ...spread('/ecs/seat-api', 58, 0, 290, (i) => `INFO GET /seats/${i} 200`),
    ...(hostClock ? [line('/ecs/token-service', 8.5, hostClock)] : []),
    ...spread(
      '/ecs/booking-api',
      8,
      0,
      60,
      (i) => `WARN POST /bookings/${900 + i} 401: NotBeforeError: jwt not active (nbf in 283 s)`,
    ),
    ...spread(
      '/ecs/seat-api',
      7.8,
      0,
      50,
      (i) => `WARN GET /seats/${900 + i} 401: io.jsonwebtoken.PrematureJwtException: JWT early by 283112ms`,
    ),
  ]);
}

describe('a host clock that runs fast', () => {
  it('is the fault of the service on it, of class other, which its verifiers report', () => {
    const f = correlate(
      { events: incident('WARN chronyd: System clock wrong by 283.114 seconds, adjustment started') },
      window,
    );
    expect(f.root?.service).toBe('token-service');
    expect(f.classification.faultClass).toBe('other');
    expect(f.affected.map((a) => a.service)).toEqual(expect.arrayContaining(['booking-api', 'seat-api']));
  });

  it("is not the verifiers' own fault when the signer says nothing of its clock", () => {
    const f = correlate({ events: incident(null) }, window);
    // Tokens refused as not valid yet report another clock: neither verifier is the origin by them.
    expect(f.classification.faultClass === 'other' && f.root?.service === 'booking-api').toBe(false);
  });
});
