import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAlarmStateStore } from '../../shared/adapters/aws/dynamodb-alarm-state-store.ts';
import { ensureIncidentTable } from '../../shared/adapters/aws/dynamodb-incident-store.ts';
import { type LocalDynamo, startLocalDynamo } from '../../shared/adapters/local/local-dynamo.ts';
import type { BlobStore } from '../../shared/ports/blob-store.ts';
import { decideIntake } from '../../shared/workflow/alarm-decision.ts';
import { admitAlarm } from '../../shared/workflow/steps/intake.ts';

type AlarmEvent = {
  resources: string[];
  detail: { alarmName: string; state: { value: string; timestamp: string }; [k: string]: unknown };
  [k: string]: unknown;
};
const BASE = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/alarms/booking-edge-5xx.json', import.meta.url)), 'utf8'),
) as AlarmEvent;

function alarmEvent(name: string, value: 'ALARM' | 'OK', at: string): AlarmEvent {
  const e = structuredClone(BASE);
  e.detail.alarmName = name;
  e.detail.state = { ...e.detail.state, value, timestamp: at };
  e.resources = [`arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`];
  return e;
}

const blobs: BlobStore = { put: async () => {}, get: async () => '', locate: (k) => k };
let dynamo: LocalDynamo;
let alarms: DynamoDbAlarmStateStore;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  await ensureIncidentTable(dynamo.client, 'incidents');
  alarms = new DynamoDbAlarmStateStore(dynamo.doc, 'incidents');
});
afterAll(async () => dynamo.close());

describe('decideIntake', () => {
  const change = (value: 'ALARM' | 'OK', at: string) => ({
    alarmArn: 'arn:a',
    alarmName: 'a',
    value,
    at,
    incidentId: `INC-${Date.parse(at).toString(16).slice(-8)}`,
  });

  it('starts, ignores a re-delivery, records OK, folds a quick re-ALARM, and starts again after the cool-down', () => {
    const first = decideIntake(change('ALARM', '2026-01-01T10:00:00Z'), null);
    expect(first.action).toBe('start');
    if (first.action !== 'start') return;
    expect(decideIntake(change('ALARM', '2026-01-01T10:00:00Z'), first.next).action).toBe('ignore');
    const ok = decideIntake(change('OK', '2026-01-01T10:05:00Z'), first.next);
    expect(ok.action).toBe('record');
    if (ok.action !== 'record') return;
    const flap = decideIntake(change('ALARM', '2026-01-01T10:09:00Z'), ok.next);
    expect(flap).toMatchObject({
      action: 'update',
      incidentId: first.incidentId,
      executionName: `${first.incidentId}-run2`,
    });
    if (flap.action !== 'update') return;
    const later = decideIntake(change('ALARM', '2026-01-01T11:00:00Z'), {
      ...flap.next,
      lastOkAt: '2026-01-01T10:20:00Z',
    });
    expect(later.action).toBe('start');
  });
});

describe('admitAlarm with the alarm state in DynamoDB (dynalite)', () => {
  it('runs one analysis for a re-delivered event, even delivered concurrently', async () => {
    const event = alarmEvent('orders-5xx', 'ALARM', '2026-03-01T10:00:00.000+0000');
    const results = await Promise.all([
      admitAlarm(event, { blobs, alarms }),
      admitAlarm(event, { blobs, alarms }),
      admitAlarm(event, { blobs, alarms }),
    ]);
    expect(results.filter((r) => r.started)).toHaveLength(1);
    expect((await admitAlarm(event, { blobs, alarms })).started).toBe(false);
  });

  it('folds ALARM -> OK -> ALARM within the cool-down into the open incident', async () => {
    const first = await admitAlarm(alarmEvent('cart-latency', 'ALARM', '2026-03-02T10:00:00.000+0000'), {
      blobs,
      alarms,
    });
    await admitAlarm(alarmEvent('cart-latency', 'OK', '2026-03-02T10:04:00.000+0000'), { blobs, alarms });
    const again = await admitAlarm(alarmEvent('cart-latency', 'ALARM', '2026-03-02T10:08:00.000+0000'), {
      blobs,
      alarms,
    });
    expect(first.started && again.started).toBe(true);
    if (!first.started || !again.started) return;
    expect(again.update).toBe(true);
    expect(again.state.incidentId).toBe(first.state.incidentId);
    expect(again.executionName).toBe(`${first.state.incidentId}-run2`);
  });

  it('links concurrent alarms of one outage as related incidents', async () => {
    const a = await admitAlarm(alarmEvent('payments-errors', 'ALARM', '2026-03-03T09:00:00.000+0000'), {
      blobs,
      alarms,
    });
    const b = await admitAlarm(alarmEvent('checkout-errors', 'ALARM', '2026-03-03T09:03:00.000+0000'), {
      blobs,
      alarms,
    });
    expect(a.started && b.started).toBe(true);
    if (!a.started || !b.started) return;
    expect(b.state.relatedIncidents).toEqual([a.state.incidentId]);
  });
});
