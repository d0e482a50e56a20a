import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { MetricDatapoint } from '../../../../shared/domain/telemetry.ts';
import { ALARM, byTime, hourly, spread } from './builders.ts';

const window = computeWindows(ALARM);

const lambda = (
  metricName: string,
  fn: string | null,
  value: (minute: number) => number,
): MetricDatapoint[] =>
  hourly(
    {
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: fn === null ? {} : { FunctionName: fn },
      stat: metricName === 'ConcurrentExecutions' ? 'Maximum' : 'Sum',
      unit: 'Count',
    },
    value,
  );

/**
 * A travel company's booking API runs on API Gateway and a Lambda function; a nightly fare import,
 * a Lambda function too, is started on a month of files at once and takes most of the account's
 * 1000 concurrent executions: the booking function and a mailer are throttled, the API answers 500.
 * `importPeak` is the import's concurrency at its height.
 */
function incident(importPeak: number) {
  const metrics = [
    ...lambda('ConcurrentExecutions', null, (m) => (m < 9 ? 1000 : 60 + (m % 5))),
    ...lambda('ConcurrentExecutions', 'fare-import', (m) => (m < 9 ? importPeak - (m % 3) : 2)),
    ...lambda('Throttles', 'booking-confirm', (m) => (m < 8 ? 30 + (m % 4) : 0)),
    ...lambda('Throttles', 'trip-mailer', (m) => (m < 8 ? 6 + (m % 2) : 0)),
  ];
  const access = (status: string, extra: string) => (i: number) =>
    JSON.stringify({
      requestId: `r-${i}`,
      httpMethod: 'POST',
      resourcePath: '/v2/bookings',
      status,
      ...JSON.parse(extra),
    });
  const events = byTime([
    ...spread('/aws/apigateway/booking-api/access', 58, 0, 580, access('200', '{"integrationStatus":"200"}')),
    ...spread('/aws/lambda/booking-confirm', 58, 0, 580, (i) => `INFO booking ${i} confirmed`),
    ...spread('/aws/lambda/fare-import', 58, 10, 12, (i) => `INFO imported fare file ${i}`),
    ...spread(
      '/aws/lambda/fare-import',
      9,
      0,
      300,
      (i) => `INFO importing s3://fares-drop/2026-07/file-${i}.csv`,
    ),
    ...spread(
      '/aws/apigateway/booking-api/access',
      8,
      0,
      120,
      access('500', '{"integrationStatus":"429","integrationError":"Rate Exceeded."}'),
    ),
  ]);
  return { events, telemetry: { metrics, traces: [], notes: [] } };
}

describe("a function that took most of the account's shared Lambda concurrency", () => {
  it('is the origin the throttled functions and their API report', () => {
    const { events, telemetry } = incident(940);
    const f = correlate({ events }, window, [], telemetry);
    expect(f.root?.service).toBe('fare-import');
    expect(f.classification.faultClass).toBe('throttling');
    // The functions it crowded out are affected, though they log no failure of their own.
    expect(f.affected.map((a) => a.service)).toEqual(
      expect.arrayContaining(['booking-confirm', 'trip-mailer']),
    );
  });

  it('is no one when no function took most of it', () => {
    const { events, telemetry } = incident(300);
    const f = correlate({ events }, window, [], telemetry);
    expect(f.root?.service).not.toBe('fare-import');
  });
});
