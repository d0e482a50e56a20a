import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, MIN, spread } from './builders.ts';

const window = computeWindows(ALARM);
const API = '/aws/apigateway/claims-intake';

/** An API Gateway usage plan updated by someone, as CloudTrail records the call. */
const usagePlanCut = (minutes: number) =>
  line(
    '/aws/cloudtrail/management',
    minutes,
    JSON.stringify({
      eventVersion: '1.09',
      eventTime: new Date(ALARM - minutes * MIN).toISOString(),
      eventSource: 'apigateway.amazonaws.com',
      eventName: 'UpdateUsagePlan',
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::210987654321:assumed-role/PlatformAdmin/r.diaz',
      },
      requestParameters: {
        usagePlanId: 'p4k9x2',
        patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '5' }],
      },
    }),
  );

/** An access log line of the API, in a JSON access log format. */
const access = (status: number, i: number, error = '-') =>
  JSON.stringify({
    requestId: `r-${i}`,
    httpMethod: 'POST',
    resourcePath: '/v1/claims',
    status: String(status),
    errorMessage: error,
  });

/**
 * A claims intake API behind API Gateway; someone lowers its usage plan's rate limit, and from the
 * next minute on its callers are refused with 429s (or, in the control case, it fails with 500s of
 * its own, the same change made meanwhile).
 */
function incident(failure: 'throttled' | 'broken') {
  return byTime([
    ...spread(API, 58, 0, 290, (i) => access(200, i)),
    usagePlanCut(7.5),
    ...spread(API, 6.5, 0, 80, (i) =>
      failure === 'throttled'
        ? access(429, 900 + i, 'Too Many Requests')
        : access(500, 900 + i, 'Internal server error'),
    ),
  ]);
}

describe('a change of a request limit', () => {
  it('is what set off the throttling of the origin that then refused requests', () => {
    const f = correlate({ events: incident('throttled') }, window);
    expect(f.root?.service).toBe('claims-intake');
    expect(f.classification.faultClass).toBe('throttling');
    expect(f.trigger?.change.description).toContain('UpdateUsagePlan');
  });

  it('sets off no fault that is not a refusal of requests', () => {
    const f = correlate({ events: incident('broken') }, window);
    expect(f.trigger?.change.description ?? '').not.toContain('UpdateUsagePlan');
  });
});
