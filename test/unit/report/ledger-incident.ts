import { analyzeIncident } from '../../../shared/analysis/analyze.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';
import type { Report } from '../../../shared/domain/report.ts';

/**
 * A small incident written for the report tests: ledger-api (Kubernetes, namespace "billing",
 * 512Mi limit) leaks after its 3.1.0 deploy, is OOM-killed three times, and edge-proxy in front of
 * it answers 504s, then 503s, then recovers. Its own routine lines talk about invoices.
 */
export const ALARM_AT = Date.parse('2026-02-11T10:30:00.000Z');
const MIN = 60_000;

export const FAILURES = { gateway504: 50, gateway503: 120 } as const;

function alarmEvent(name: string) {
  return {
    version: '0',
    id: '6a0f3c2e-1b7d-4f4e-9a55-0c1d2e3f4a5b',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '210987654321',
    time: new Date(ALARM_AT).toISOString(),
    region: 'us-east-2',
    resources: [`arn:aws:cloudwatch:us-east-2:210987654321:alarm:${name}`],
    detail: {
      alarmName: name,
      state: {
        value: 'ALARM',
        reason:
          'Threshold Crossed: 1 out of the last 1 datapoints [12 (2026-02-11T10:29)] was greater than the threshold (3).',
        timestamp: new Date(ALARM_AT).toISOString().replace('Z', '+0000'),
      },
      previousState: { value: 'OK', reason: 'ok', timestamp: '2026-02-11T09:00:00.000+0000' },
      configuration: { description: 'edge 5xx' },
    },
  };
}

const json = (at: number, level: string, msg: string): LogEvent => ({
  logGroup: '/eks/billing/ledger-api',
  logStream: 'ledger-api/ledger-api-7d9f-k2',
  timestamp: at,
  message: JSON.stringify({ time: new Date(at).toISOString(), level, service: 'ledger-api', msg }),
});

const access = (at: number, status: number, i: number): LogEvent => {
  const d = new Date(at);
  const stamp = `11/Feb/2026:${d.toISOString().slice(11, 19)} +0000`;
  return {
    logGroup: '/eks/billing/edge-proxy',
    logStream: 'edge-proxy/edge-proxy-5c4b-z1',
    timestamp: at,
    message: `10.4.${i % 200}.${(i * 7) % 250} - - [${stamp}] "POST /ledger/entries HTTP/1.1" ${status} ${300 + (i % 90)} "-" "okhttp/4.12" ${status === 200 ? '0.031' : '9.500'}`,
  };
};

const oomEvent = (at: number, pod: string): LogEvent => ({
  logGroup: '/eks/billing/events',
  logStream: 'kube-events/kube-events-1',
  timestamp: at,
  message: JSON.stringify({
    kind: 'Event',
    type: 'Warning',
    reason: 'OOMKilling',
    involvedObject: { kind: 'Pod', name: pod, namespace: 'billing' },
    message: `Container ledger-api in pod ${pod} was OOMKilled (exit code 137, memory limit 512Mi)`,
    lastTimestamp: new Date(at).toISOString().replace('.000Z', 'Z'),
  }),
});

export function ledgerEvents(): LogEvent[] {
  const events: LogEvent[] = [];
  const start = ALARM_AT - 60 * MIN;
  const end = ALARM_AT + 10 * MIN;
  let i = 0;
  for (let t = start; t < end; t += 15_000) {
    events.push(json(t + 1_000, 'info', `invoice INV-${4000 + i} reconciled`));
    events.push(json(t + 4_000, 'info', `invoice INV-${5000 + i} priced`));
    events.push(json(t + 7_000, 'info', `ledger entry e${9000 + i} posted in ${20 + (i % 9)}ms`));
    i++;
  }
  // Edge traffic: 200s all along; 504s for 5 minutes, then 503s for 6, then healthy again.
  for (let t = start; t < end; t += 6_000) events.push(access(t, 200, i++));
  for (let m = -8; m < -3; m++)
    for (let k = 0; k < 10; k++) events.push(access(ALARM_AT + m * MIN + k * 5_000 + 500, 504, i++));
  for (let m = -3; m < 3; m++)
    for (let k = 0; k < 20; k++) events.push(access(ALARM_AT + m * MIN + k * 2_500 + 700, 503, i++));
  events.push(json(ALARM_AT - 18 * MIN, 'info', 'ledger-api starting version=3.1.0 build=2026.02.11-2'));
  for (let m = -14; m < -9; m++)
    events.push(
      json(
        ALARM_AT + m * MIN + 3_000,
        'warn',
        `heap usage ${300 + m}Mi of 512Mi limit, gc pause ${900 - m * 10}ms`,
      ),
    );
  events.push(oomEvent(ALARM_AT - 9 * MIN + 2_000, 'ledger-api-6b8d4-x7k2p'));
  events.push(oomEvent(ALARM_AT - 6 * MIN + 2_000, 'ledger-api-6b8d4-m8r4t'));
  events.push(oomEvent(ALARM_AT - 3 * MIN + 2_000, 'ledger-api-6b8d4-q4w9z'));
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

export function ledgerReport(): Report {
  const result = analyzeIncident({ alarmEvent: alarmEvent('edge-5xx'), events: ledgerEvents() });
  if (!result.ok) throw new Error(result.error);
  return result.report;
}
