import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, spread } from './builders.ts';

const window = computeWindows(ALARM);

const refused = (i: number) =>
  `ERROR sign token t-${i} failed: operation error KMS: Sign, exceeded maximum number of attempts, 3, https response error StatusCode: 400, RequestID: r-${i}, api error ThrottlingException: Rate exceeded`;

/**
 * A token service signs with a KMS key; a one-off archive job starts and encrypts every record it
 * writes, counting its KMS calls in its progress lines. The account's KMS request rate is shared:
 * the token service is throttled from a minute after the job began.
 */
function incident(counted: string): LogEvent[] {
  return byTime([
    ...spread('/ecs/token-svc', 58, 0, 300, (i) => `INFO token t-${i} signed`),
    ...spread(
      '/ecs/archive-job',
      9.5,
      0,
      40,
      (i) =>
        `INFO archive.batch: batch=${i} rows=500 ${counted}=${200 + i * 60} retries=${i * 4} done=${i}/400`,
    ),
    ...spread('/ecs/token-svc', 8.2, 0, 60, refused),
    ...spread('/aws/lambda/card-check', 58, 0, 200, (i) => `INFO card c-${i} checked`),
  ]);
}

describe('a client that took a rate the account shares', () => {
  it('is the origin the throttled report, when its own lines count its calls to the service that throttles them', () => {
    const f = correlate({ events: incident('kms_calls') }, window);
    expect(f.root?.service).toBe('archive-job');
    expect(f.classification.faultClass).toBe('throttling');
  });

  it('is not named when what it counts is not calls to that service', () => {
    const f = correlate({ events: incident('s3_puts') }, window);
    expect(f.root?.service).toBe('token-svc');
  });
});
