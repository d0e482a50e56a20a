import { describe, expect, it } from 'vitest';
import { isRetryableLogsError } from '../../../../shared/adapters/aws/cloudwatch-errors.ts';
import { backoffDelay, RetriesExhaustedError, withRetries } from '../../../../shared/adapters/aws/retry.ts';
import { accessDenied, fakeTime, notFound, throttled, tooManyQueries } from './cloudwatch-test-helpers.ts';

const retryable = (e: unknown) => e === 'busy';

describe('backoffDelay', () => {
  it('doubles from 200 ms up to the 5 s cap, scaled by the jitter', () => {
    const top = () => 1;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, undefined, undefined, top))).toStrictEqual([
      200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000,
    ]);
    expect(backoffDelay(3, 200, 5_000, () => 0.25)).toBe(400);
    expect(backoffDelay(3, 200, 5_000, () => 0)).toBe(0);
  });

  it('draws the delay uniformly below the ceiling by default', () => {
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(2);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
    }
  });
});

describe('withRetries', () => {
  it('returns the first success after retrying retryable errors', async () => {
    const time = fakeTime();
    const outcomes = ['busy', 'busy', 'ok'];
    let calls = 0;

    const result = await withRetries(
      async () => {
        const next = outcomes[calls++];
        if (next !== 'ok') throw next;
        return 'done';
      },
      { sleep: time.sleep, maxRetries: 6, isRetryable: retryable, random: () => 0.5 },
    );

    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(time.sleeps).toStrictEqual([100, 200]);
  });

  it('throws RetriesExhaustedError with the last error after maxRetries retries', async () => {
    const time = fakeTime();
    let calls = 0;

    const attempt = withRetries(
      async () => {
        calls++;
        throw 'busy';
      },
      { sleep: time.sleep, maxRetries: 2, isRetryable: retryable, random: () => 0.5 },
    );

    await expect(attempt).rejects.toBeInstanceOf(RetriesExhaustedError);
    await expect(attempt).rejects.toMatchObject({ attempts: 3, cause: 'busy' });
    expect(calls).toBe(3);
    expect(time.sleeps).toStrictEqual([100, 200]);
  });

  it('throws a non-retryable error at once', async () => {
    const time = fakeTime();
    let calls = 0;
    const fatal = new Error('bad request');

    const attempt = withRetries(
      async () => {
        calls++;
        throw fatal;
      },
      { sleep: time.sleep, maxRetries: 6, isRetryable: retryable },
    );

    await expect(attempt).rejects.toBe(fatal);
    expect(calls).toBe(1);
    expect(time.sleeps).toStrictEqual([]);
  });
});

describe('isRetryableLogsError', () => {
  it('retries throttling, too many queries, unavailability, 429 and 5xx', () => {
    const named = (name: string) => Object.assign(new Error(name), { name, $metadata: {} });
    const status = (httpStatusCode: number) =>
      Object.assign(new Error('x'), { name: 'Unknown', $metadata: { httpStatusCode } });

    expect(isRetryableLogsError(throttled())).toBe(true);
    expect(isRetryableLogsError(tooManyQueries())).toBe(true);
    expect(isRetryableLogsError(named('TooManyRequestsException'))).toBe(true);
    expect(isRetryableLogsError(named('ServiceUnavailableException'))).toBe(true);
    expect(isRetryableLogsError(status(503))).toBe(true);
    expect(isRetryableLogsError(status(500))).toBe(true);
    expect(isRetryableLogsError(status(429))).toBe(true);
  });

  it('does not retry client errors', () => {
    expect(isRetryableLogsError(notFound())).toBe(false);
    expect(isRetryableLogsError(accessDenied())).toBe(false);
    expect(isRetryableLogsError(new TypeError('bug'))).toBe(false);
    expect(isRetryableLogsError('busy')).toBe(false);
  });
});
