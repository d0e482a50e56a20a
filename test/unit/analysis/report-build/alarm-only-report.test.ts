import { describe, expect, it } from 'vitest';
import { analyzeIncident } from '../../../../shared/analysis/analyze.ts';
import { alarmOnlyReport } from '../../../../shared/analysis/report-build/alarm-only-report.ts';
import type { Report } from '../../../../shared/domain/report.ts';

const at = '2026-03-14T09:26:53Z';

function alarmEvent(name: string, configuration: Record<string, unknown>, reason: string) {
  return {
    version: '0',
    id: `evt-${name}`,
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '210987654321',
    time: at,
    region: 'eu-north-1',
    resources: [`arn:aws:cloudwatch:eu-north-1:210987654321:alarm:${name}`],
    detail: {
      alarmName: name,
      state: { value: 'ALARM', reason, timestamp: '2026-03-14T09:26:53.104+0000' },
      previousState: {
        value: 'OK',
        reason: 'Threshold Crossed: fine',
        timestamp: '2026-03-14T08:00:00.000+0000',
      },
      configuration,
    },
  };
}

const metricAlarm = alarmEvent(
  'ledger-writer-throttles',
  {
    description: 'Ledger writes throttled',
    metrics: [
      {
        id: 'm1',
        metricStat: {
          metric: {
            namespace: 'AWS/DynamoDB',
            name: 'WriteThrottleEvents',
            dimensions: { TableName: 'ledger' },
          },
          period: 60,
          stat: 'Sum',
        },
        returnData: true,
      },
    ],
  },
  'Threshold Crossed: 1 datapoint [42.0 (14/03/26 09:25:00)] was greater than the threshold (5.0).',
);

const mathAlarm = alarmEvent(
  'basket-api-error-ratio',
  {
    metrics: [
      {
        id: 'ratio',
        expression: '100 * errors / MAX([requests, 1])',
        label: 'error percent',
        returnData: true,
      },
      {
        id: 'errors',
        metricStat: {
          metric: { namespace: 'Basket', name: 'Errors', dimensions: { Service: 'basket-api' } },
          period: 60,
          stat: 'Sum',
        },
        returnData: false,
      },
      {
        id: 'requests',
        metricStat: {
          metric: { namespace: 'Basket', name: 'Requests', dimensions: { Service: 'basket-api' } },
          period: 60,
          stat: 'Sum',
        },
        returnData: false,
      },
    ],
  },
  'Threshold Crossed: 2 out of the last 3 datapoints were greater than the threshold (7.5).',
);

const compositeAlarm = {
  ...alarmEvent(
    'checkout-degraded',
    {},
    'arn:aws:cloudwatch:eu-north-1:210987654321:alarm:basket-api-error-ratio transitioned to ALARM',
  ),
};
compositeAlarm.detail.configuration = {
  alarmRule: 'ALARM("basket-api-error-ratio") OR ALARM("ledger-writer-throttles")',
  actionsSuppressor: '',
} as Record<string, unknown>;

/** A clock that moves on each reading, so the timing fields differ between two runs. */
function ticking(step: number): () => number {
  let now = 0;
  return () => {
    now += step;
    return now;
  };
}

function untimed(report: Report): Report {
  return { ...report, stats: { ...report.stats, durationMs: 0 } };
}

describe('alarmOnlyReport', () => {
  it.each([
    ['a metric alarm', metricAlarm],
    ['a metric-math alarm', mathAlarm],
    ['a composite alarm', compositeAlarm],
  ])('writes of %s the report analyzeIncident writes with no events', (_kind, event) => {
    const notes = ['the log source could not be reached'];
    const alone = alarmOnlyReport({ alarmEvent: event, sourceNotes: notes, clock: ticking(3) });
    const analyzed = analyzeIncident({
      alarmEvent: event,
      events: [],
      sourceNotes: notes,
      clock: ticking(7),
    });
    if (!alone.ok || !analyzed.ok) throw new Error('both should report');
    expect(alone.report.stats.durationMs).not.toBe(analyzed.report.stats.durationMs);
    expect(untimed(alone.report)).toEqual(untimed(analyzed.report));
    expect(alone.report.limitations).toContain('No log line falls in the incident window.');
  });

  it('takes the windows and the incident id as analyzeIncident does', () => {
    const options = { windows: { incidentMinutes: 5, lookbackMinutes: 30 }, incidentId: 'INC-7f3e9a01' };
    const alone = alarmOnlyReport({ alarmEvent: JSON.stringify(metricAlarm), ...options });
    const analyzed = analyzeIncident({ alarmEvent: JSON.stringify(metricAlarm), events: [], ...options });
    expect(alone).toEqual(analyzed);
  });

  it('refuses what analyzeIncident refuses, with the same error', () => {
    const recovered = {
      ...metricAlarm,
      detail: { ...metricAlarm.detail, state: { ...metricAlarm.detail.state, value: 'OK' } },
    };
    for (const event of [recovered, { detail: 'not an alarm' }, '{not json']) {
      const alone = alarmOnlyReport({ alarmEvent: event });
      expect(alone.ok).toBe(false);
      expect(alone).toEqual(analyzeIncident({ alarmEvent: event, events: [] }));
    }
  });
});
