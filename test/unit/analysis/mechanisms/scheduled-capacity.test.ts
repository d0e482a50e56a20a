import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);
const TRAIL = '/aws/events/ledger-trail';

/** A CloudTrail record as an EventBridge rule writes it to a log group. */
function trail(
  minutesBeforeAlarm: number,
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  arn: string,
) {
  return line(
    TRAIL,
    minutesBeforeAlarm,
    JSON.stringify({
      version: '0',
      'detail-type': 'AWS API Call via CloudTrail',
      source: `aws.${eventSource.split('.')[0]}`,
      detail: {
        eventVersion: '1.09',
        userIdentity: { type: 'AssumedRole', arn },
        eventTime: new Date(ALARM - minutesBeforeAlarm * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        eventSource,
        eventName,
        requestParameters,
      },
    }),
  );
}

const TERRAFORM = 'arn:aws:sts::210987654321:assumed-role/infra-apply/ci';
const AUTOSCALER =
  'arn:aws:sts::210987654321:assumed-role/AWSServiceRoleForApplicationAutoScaling_ECSService/AutoScaling';

function schedule(minutesBeforeAlarm: number, name: string, min: number, max: number) {
  return trail(
    minutesBeforeAlarm,
    'application-autoscaling.amazonaws.com',
    'PutScheduledAction',
    {
      serviceNamespace: 'ecs',
      scheduledActionName: name,
      resourceId: 'service/books/ledger-api',
      scalableDimension: 'ecs:service:DesiredCount',
      scalableTargetAction: { minCapacity: min, maxCapacity: max },
    },
    TERRAFORM,
  );
}

/** The ledger API answering, its web front calling it; from `stopAt` the API logs nothing more. */
function ledger(stopAt: number) {
  return [
    ...spread(
      '/ecs/books/ledger-api',
      58,
      stopAt,
      (58 - stopAt) * 12,
      (i) => `INFO GET /entries/${i} 200 14ms`,
    ),
    ...spread('/ecs/books/ledger-web', 58, 0, 290, (i) => `INFO page ${i} rendered`),
  ];
}

describe('a capacity schedule carried out by the autoscaler', () => {
  it('is the trigger of the service it scaled to zero: the schedule whose bounds admit zero, taking effect then', () => {
    const events = byTime([
      ...ledger(6),
      schedule(44, 'nightly-scale-in', 0, 0),
      schedule(44, 'morning-scale-out', 3, 9),
      trail(
        6.1,
        'ecs.amazonaws.com',
        'UpdateService',
        { cluster: 'books', service: 'ledger-api', desiredCount: 0 },
        AUTOSCALER,
      ),
      ...spread(
        '/ecs/books/ledger-web',
        5.8,
        0,
        40,
        (i) => `ERROR entries fetch ${i} failed: no healthy upstream`,
      ),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('ledger-api');
    expect(f.classification.faultClass).toBe('config_error');
    const change = f.trigger?.change;
    expect(change?.kind).toBe('config');
    expect(change?.description).toContain('scheduledActionName=nightly-scale-in');
    expect(change?.seenAs?.message).toContain('desiredCount=0');
  });

  it('names the service that went quiet although its last lines, leading the others, are only warnings', () => {
    const events = byTime([
      ...ledger(6),
      schedule(44, 'nightly-scale-in', 0, 0),
      trail(
        6.1,
        'ecs.amazonaws.com',
        'UpdateService',
        { cluster: 'books', service: 'ledger-api', desiredCount: 0 },
        AUTOSCALER,
      ),
      ...spread('/ecs/books/ledger-api', 6, 5.9, 3, (i) => `WARN task ${i} received SIGTERM, draining`),
      ...spread('/ecs/books/ledger-web', 5.8, 0, 40, (i) => `WARN entries fetch ${i} slow, retrying`),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('ledger-api');
    expect(f.classification.faultClass).toBe('config_error');
  });

  it('is not the trigger when the autoscaler did not carry it out', () => {
    const events = byTime([
      ...ledger(6),
      schedule(44, 'nightly-scale-in', 0, 0),
      ...spread(
        '/ecs/books/ledger-web',
        5.8,
        0,
        40,
        (i) => `ERROR entries fetch ${i} failed: no healthy upstream`,
      ),
    ]);
    const f = correlate({ events }, window);
    expect(f.trigger?.change.description ?? '').not.toContain('nightly-scale-in');
  });
});
