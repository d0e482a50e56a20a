import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import type { Telemetry } from '../../../../shared/domain/telemetry.ts';
import { ALARM, byTime, hourlyTelemetry, line, spread } from './builders.ts';

const window = computeWindows(ALARM);
const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:210987654321:invoice-render-jobs';

/** CloudTrail's record of a stack update switching off the function's queue mapping, `minutes` before the alarm. */
const disabled = (minutes: number): LogEvent =>
  line(
    '/aws/cloudtrail/management',
    minutes,
    JSON.stringify({
      eventVersion: '1.09',
      eventSource: 'lambda.amazonaws.com',
      eventName: 'UpdateEventSourceMapping20150331v2',
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::210987654321:assumed-role/deploy/AWSCloudFormation',
      },
      requestParameters: { uUID: '5f0c1d2e', functionName: 'invoice-render', enabled: false },
      responseElements: { uUID: '5f0c1d2e', eventSourceArn: QUEUE_ARN, state: 'Disabling' },
    }),
  );

/**
 * A billing API queues invoice renders for a function and waits for each PDF. A stack update
 * switches the function's queue mapping off: the function is never invoked again and says nothing;
 * the API's waits time out, and the queue's oldest message ages.
 */
function incident(): LogEvent[] {
  return byTime([
    ...spread('/aws/lambda/invoice-render', 58, 8.9, 300, (i) => `INFO rendered invoice inv-${i} in 1.2 s`),
    disabled(9.5),
    ...spread('/ecs/billing-api', 58, 0, 290, (i) => `INFO invoice inv-${i} ready`),
    ...spread(
      '/ecs/billing-api',
      8,
      0,
      60,
      (i) => `ERROR invoice inv-${900 + i}: timed out waiting for its PDF, giving up`,
    ),
  ]);
}

/** The queue's oldest message age: seconds all hour, climbing from the minute the mapping went off. */
function queueAge(): Telemetry {
  return hourlyTelemetry(
    {
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimensions: { QueueName: 'invoice-render-jobs' },
      stat: 'Maximum',
      unit: 'Seconds',
    },
    (minute) => (minute < 9 ? (9 - minute) * 60 : 4 + (minute % 3)),
  );
}

describe('a consumer whose feed was switched off by a change of its own', () => {
  it('is the origin: it went quiet just after the change, its callers only time out', () => {
    const f = correlate({ events: incident() }, window, [], queueAge());
    expect(f.root?.service).toBe('invoice-render');
    expect(f.trigger?.change.description).toContain('UpdateEventSourceMapping');
  });

  it('takes its class from the queue the change names, whose backlog grows', () => {
    const f = correlate({ events: incident() }, window, [], queueAge());
    expect(f.classification.faultClass).toBe('queue_backlog');
  });
});
