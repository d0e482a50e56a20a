import { describe, expect, it } from 'vitest';
import { parseAlarmReason } from '../../../shared/analysis/telemetry/alarm-reason.ts';

describe('the alarm reason', () => {
  it('reads threshold, direction and breaching datapoints as CloudWatch writes them', () => {
    const r = parseAlarmReason(
      'Threshold Crossed: 2 out of the last 3 datapoints [0.31 (01/03/26 11:52:00), 0.27 (01/03/26 11:51:00)] were greater than or equal to the threshold (0.25) (minimum 2 datapoints for OK -> ALARM transition).',
    );
    expect(r.threshold).toBe(0.25);
    expect(r.direction).toBe('up');
    expect(r.breaches).toEqual([Date.UTC(2026, 2, 1, 11, 51), Date.UTC(2026, 2, 1, 11, 52)]);
  });

  it('reads ISO dates and a falling comparison', () => {
    const r = parseAlarmReason(
      '1 out of the last 1 datapoints [1024 (2026-03-01T11:40)] was less than the threshold (2048.0).',
    );
    expect(r.direction).toBe('down');
    expect(r.threshold).toBe(2048);
    expect(r.breaches).toEqual([Date.UTC(2026, 2, 1, 11, 40)]);
  });

  it('says nothing for a reason without numbers', () => {
    expect(parseAlarmReason('breached the threshold')).toEqual({
      threshold: null,
      direction: null,
      breaches: [],
    });
    expect(parseAlarmReason(undefined).breaches).toEqual([]);
  });
});
