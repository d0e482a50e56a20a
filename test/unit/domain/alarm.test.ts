import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlarmEvent, toAlarm } from '../../../shared/domain/index.ts';

const ALARMS_DIR = new URL('../../fixtures/alarms/', import.meta.url);
const alarmFiles = readdirSync(ALARMS_DIR).filter((f) => f.endsWith('.json'));

function readAlarm(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, ALARMS_DIR), 'utf8')) as Record<string, unknown>;
}

function bookingEdgeEvent(): Record<string, unknown> & { detail: Record<string, unknown> } {
  return readAlarm('booking-edge-5xx.json') as Record<string, unknown> & {
    detail: Record<string, unknown>;
  };
}

function errorOf(input: unknown): string {
  const result = parseAlarmEvent(input);
  if (result.ok) throw new Error('expected the alarm event to be rejected');
  return result.error;
}

describe('parseAlarmEvent', () => {
  it('has alarm fixtures to check', () => {
    expect(alarmFiles.length).toBeGreaterThanOrEqual(3);
  });

  it.each(alarmFiles)('accepts %s as AWS delivers it', (name) => {
    // Prepare
    const event = readAlarm(name);

    // Act
    const result = parseAlarmEvent(event);

    // Assess
    expect(result.ok, result.ok ? '' : result.error).toBe(true);
  });

  it('maps the booking-edge event to the report alarm', () => {
    const result = parseAlarmEvent(bookingEdgeEvent());

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.alarm).toEqual({
      name: 'booking-edge-5xx',
      arn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:booking-edge-5xx',
      region: 'eu-west-1',
      account: '123456789012',
      reason:
        'Threshold Crossed: 1 out of the last 1 datapoints [57.0 (2026-04-08T14:42)] was greater than or equal to the threshold (20.0) (minimum 1 datapoint for OK -> ALARM transition).',
      triggeredAt: '2026-04-08T14:43:00.000Z',
      metric: {
        namespace: 'AWS/ApplicationELB',
        name: 'HTTPCode_Target_5XX_Count',
        dimensions: { LoadBalancer: 'app/fc-prod-edge/5d1e0c33a7b24e19' },
        stat: 'Sum',
        period: 60,
      },
    });
    expect(result.event['detail-type']).toBe('CloudWatch Alarm State Change');
  });

  it('accepts the JSON text of an event', () => {
    const result = parseAlarmEvent(JSON.stringify(bookingEdgeEvent()));

    expect(result.ok).toBe(true);
  });

  it('normalizes an AWS +0000 state timestamp to UTC ISO', () => {
    const event = bookingEdgeEvent();
    event.detail.state = { value: 'ALARM', reason: 'r', timestamp: '2026-05-24T13:55:05.221+0200' };

    const result = parseAlarmEvent(event);

    expect(result.ok && result.alarm.triggeredAt).toBe('2026-05-24T11:55:05.221Z');
  });

  it('keeps fields AWS adds', () => {
    const event = { ...bookingEdgeEvent(), replayName: 'replay-1' };

    const result = parseAlarmEvent(event);

    expect(result.ok && (result.event as Record<string, unknown>).replayName).toBe('replay-1');
  });

  it('builds the ARN when resources do not carry it', () => {
    const event = { ...bookingEdgeEvent(), resources: [] };

    const result = parseAlarmEvent(event);

    expect(result.ok && result.alarm.arn).toBe(
      'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:booking-edge-5xx',
    );
  });

  it('gives a null metric for a composite alarm (no metrics)', () => {
    const event = bookingEdgeEvent();
    event.detail.configuration = { alarmRule: 'ALARM(a) OR ALARM(b)' };

    const result = parseAlarmEvent(event);

    expect(result.ok && result.alarm.metric).toBeNull();
  });

  it('picks the plain metric of a metric-math alarm', () => {
    const event = bookingEdgeEvent();
    event.detail.configuration = {
      metrics: [
        { id: 'e1', expression: 'm1 / m2 * 100', label: 'error rate', returnData: true },
        {
          id: 'm1',
          metricStat: {
            metric: { namespace: 'Shop', name: 'Errors', dimensions: {} },
            period: 60,
            stat: 'Sum',
          },
          returnData: false,
        },
      ],
    };

    const result = parseAlarmEvent(event);

    expect(result.ok && result.alarm.metric).toEqual({
      namespace: 'Shop',
      name: 'Errors',
      dimensions: {},
      stat: 'Sum',
      period: 60,
    });
  });

  it('toAlarm is the mapping parseAlarmEvent uses', () => {
    const result = parseAlarmEvent(bookingEdgeEvent());

    expect(result.ok && toAlarm(result.event)).toEqual(result.ok && result.alarm);
  });
});

describe('parseAlarmEvent on malformed events', () => {
  it('names a missing detail', () => {
    const { detail: _detail, ...event } = bookingEdgeEvent();

    expect(errorOf(event)).toBe('Invalid CloudWatch alarm event: detail is missing (expected object)');
  });

  it('names the wrong detail-type and its value', () => {
    const event = { ...bookingEdgeEvent(), 'detail-type': 'EC2 Instance State-change Notification' };

    expect(errorOf(event)).toContain(
      'detail-type must be "CloudWatch Alarm State Change", got "EC2 Instance State-change Notification"',
    );
  });

  it('names a bad time', () => {
    const event = { ...bookingEdgeEvent(), time: 'yesterday' };

    expect(errorOf(event)).toContain('time: expected an ISO-8601 timestamp');
  });

  it('rejects an impossible state timestamp', () => {
    const event = bookingEdgeEvent();
    event.detail.state = { value: 'ALARM', reason: 'r', timestamp: '2026-02-30T10:00:00.000+0000' };

    expect(errorOf(event)).toContain('detail.state.timestamp: expected an ISO-8601 timestamp');
  });

  it('lists every missing field at once', () => {
    const event = bookingEdgeEvent();
    event.detail = { configuration: {} };

    const error = errorOf(event);

    expect(error).toContain('detail.alarmName is missing');
    expect(error).toContain('detail.state is missing');
    expect(error).toContain('detail.previousState is missing');
  });

  it('names a metric query with neither metricStat nor expression', () => {
    const event = bookingEdgeEvent();
    event.detail.configuration = { metrics: [{ id: 'm1', returnData: true }] };

    expect(errorOf(event)).toContain(
      'detail.configuration.metrics[0]: a metric query needs metricStat or expression',
    );
  });

  it.each([
    [null, 'Invalid CloudWatch alarm event: (root) must be an object, got null'],
    [[], 'Invalid CloudWatch alarm event: (root) must be an object, got an array'],
    [42, 'Invalid CloudWatch alarm event: (root) must be an object, got 42'],
  ])('rejects %j as a whole', (input, message) => {
    expect(errorOf(input)).toBe(message);
  });

  it('rejects text that is not JSON', () => {
    expect(errorOf('{not json')).toMatch(/^Invalid CloudWatch alarm event: not valid JSON/);
  });
});
