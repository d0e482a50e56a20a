import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { maskText } from '../../../../shared/analysis/redact/index.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);
const ROTATOR = '/aws/lambda/orders-db-rotation';
const SECRET = 'arn:aws:secretsmanager:eu-central-1:555566667777:secret:prod/orders/pg-rw-Qz81Lk';

/** A line of the rotation function, masked as every line is when it is read. */
const rotation = (minutes: number, step: string) =>
  line(
    ROTATOR,
    minutes,
    maskText(`[INFO]\t2026-08-11T03:0${9 - Math.round(minutes)}:00.000Z\t7c1e\t${step}`),
  );

/**
 * An order API logs in to its PostgreSQL database as orders_rw. Secrets Manager rotates that
 * login's password; the API's new connections are refused with the old one.
 */
function incident(rotatedUser: string) {
  return byTime([
    ...spread('/ecs/orders-api', 58, 0, 580, (i) => `INFO POST /orders/${i} 201 in ${22 + (i % 6)} ms`),
    rotation(9.5, `createSecret: Successfully put secret for ARN ${SECRET} and version 51d0.`),
    rotation(
      9.4,
      `setSecret: Successfully set password for user ${rotatedUser} in PostgreSQL DB for secret arn ${SECRET}.`,
    ),
    rotation(9.3, `finishSecret: Successfully set AWSCURRENT stage to version 51d0 for secret ${SECRET}.`),
    ...spread(
      '/ecs/orders-api',
      7,
      0,
      60,
      (i) =>
        `ERROR POST /orders/${900 + i} failed: could not open a connection: FATAL: password authentication failed for user "orders_rw"`,
    ),
  ]);
}

describe('a rotated secret its user was not given', () => {
  it("is what set off the refusals of that user's logins, of class permission_denied", () => {
    const f = correlate({ events: incident('orders_rw') }, window);
    expect(f.root?.service).toBe('orders-api');
    expect(f.classification.faultClass).toBe('permission_denied');
    expect(f.trigger?.change.kind).toBe('config');
    expect(f.trigger?.change.description).toContain('password for user orders_rw');
  });

  it("is no trigger when it rotated another login's password", () => {
    const f = correlate({ events: incident('reporting_ro') }, window);
    expect(f.trigger?.change.kind).not.toBe('config');
  });
});
