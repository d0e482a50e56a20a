import { describe, expect, it } from 'vitest';
import {
  logGroupOfLogField,
  parseInsightsTimestamp,
  rowToLogEvent,
} from '../../../../shared/adapters/aws/insights-rows.ts';

describe('Insights result rows', () => {
  it('takes the log group out of @log (account:group)', () => {
    expect(logGroupOfLogField('123456789012:/aws/lambda/checkout')).toBe('/aws/lambda/checkout');
    expect(logGroupOfLogField('/ecs/no-account')).toBe('/ecs/no-account');
  });

  it('reads @timestamp as UTC', () => {
    expect(parseInsightsTimestamp('2026-04-08 14:43:00.123')).toBe(Date.UTC(2026, 3, 8, 14, 43, 0, 123));
    expect(parseInsightsTimestamp('2026-04-08 14:43:00')).toBe(Date.UTC(2026, 3, 8, 14, 43, 0));
    expect(parseInsightsTimestamp('1775659380000')).toBe(1775659380000);
    expect(parseInsightsTimestamp('yesterday')).toBeNull();
  });

  it('falls back to the only queried group when a row has no @log, and rejects rows it cannot place', () => {
    const noLog = [
      { field: '@timestamp', value: '2026-04-08 14:43:00.000' },
      { field: '@message', value: 'hello' },
    ];
    expect(rowToLogEvent(noLog, '/ecs/only')).toStrictEqual({
      logGroup: '/ecs/only',
      timestamp: Date.UTC(2026, 3, 8, 14, 43),
      message: 'hello',
    });
    expect(rowToLogEvent(noLog)).toBeNull();
    expect(rowToLogEvent([{ field: '@message', value: 'no time' }], '/ecs/only')).toBeNull();
  });
});
