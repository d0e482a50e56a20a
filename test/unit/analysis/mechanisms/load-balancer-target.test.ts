import { describe, expect, it } from 'vitest';
import { analyzeIncident } from '../../../../shared/analysis/analyze.ts';
import { findBehaviourShifts } from '../../../../shared/analysis/correlate/behaviour.ts';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { maskEvent } from '../../../../shared/analysis/redact/index.ts';
import { ServiceNamer, serviceOfDimensions } from '../../../../shared/analysis/telemetry/service-names.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { type AlbEntry, albLine, targetGroupArn } from '../../parse/alb-entry.ts';
import { ALARM, byTime, line, MIN, spread } from './builders.ts';

/** The storefront's load balancer writes its access log to /alb/storefront. */
const ALB_GROUP = '/alb/storefront';
const ELB = 'app/storefront-alb/3c5e7a9b1d2f4a6c';

/** `count` entries spread evenly from `fromMinute` to `toMinute` before the alarm, each timed as its event. */
function entries(
  fromMinute: number,
  toMinute: number,
  count: number,
  entry: (i: number) => AlbEntry,
): LogEvent[] {
  const step = (fromMinute - toMinute) / Math.max(1, count);
  return Array.from({ length: count }, (_, i) => {
    const minutes = fromMinute - i * step;
    const time = new Date(Math.round(ALARM - minutes * MIN)).toISOString();
    return line(ALB_GROUP, minutes, albLine({ elb: ELB, time, ...entry(i) }));
  });
}

const served = (group: string, path: string, seconds: number): AlbEntry => ({
  targetGroup: targetGroupArn(group),
  request: `GET https://shop.example.net:443${path} HTTP/1.1`,
  times: ['0.001', seconds.toFixed(3), '0.000'],
});

/** An hour of ordinary traffic: two target groups answering, and a steady trickle of unknown paths. */
function ordinaryTraffic(checkoutUntilMinute: number): LogEvent[] {
  return [
    ...entries(58, 0, 300, (i) => served('catalog-tg', `/items/${i}`, 0.02 + (i % 4) / 100)),
    ...entries(58, checkoutUntilMinute, 200, (i) => ({
      ...served('checkout-tg', `/cart/${i}/pay`, 0.05 + (i % 3) / 100),
      request: `POST https://shop.example.net:443/cart/${i}/pay HTTP/1.1`,
    })),
    ...entries(57, 0, 40, (i) => ({
      ...served('catalog-tg', `/no-such-page-${i}`, 0.01),
      elbStatus: '404',
      targetStatus: '404',
    })),
  ];
}

describe('a load balancer reports on its targets', () => {
  it('names the target group that stops answering as the origin, not the load balancer that reports it', () => {
    const events = byTime([
      ...ordinaryTraffic(6.5),
      // From six minutes before the alarm, every payment request waits out the idle timeout.
      ...entries(6, 0, 45, (i) => ({
        targetGroup: targetGroupArn('checkout-tg'),
        request: `POST https://shop.example.net:443/cart/${900 + i}/pay HTTP/1.1`,
        times: ['0.001', '-1', '-1'],
        elbStatus: '504',
        targetStatus: '-',
        errorReason: 'TargetTimeout',
      })),
    ]);
    const f = correlate({ events }, computeWindows(ALARM));
    expect(f.inconclusive).toBe(false);
    expect(f.root?.service).toBe('checkout');
    expect([...f.suspects.keys()]).not.toContain('storefront');
    expect(f.patientZero?.fields).toMatchObject({ reporter: 'storefront-alb', errorReason: 'TargetTimeout' });
  });

  it('still names the target group once the door has masked the addresses in the lines', () => {
    const events = byTime([
      ...ordinaryTraffic(6.5),
      ...entries(6, 0, 45, (i) => ({
        targetGroup: targetGroupArn('checkout-tg'),
        target: '203.0.113.40:8443',
        request: `POST https://shop.example.net:443/cart/${900 + i}/pay HTTP/1.1`,
        times: ['0.001', '0.004', '0.000'],
        elbStatus: '502',
        targetStatus: '502',
      })),
    ]).map(maskEvent);
    const f = correlate({ events }, computeWindows(ALARM));
    expect(f.root?.service).toBe('checkout');
  });

  it('reads a target whose answers slow down from the target time of its ordinary lines', () => {
    const events = byTime([
      ...entries(58, 0, 300, (i) => served('catalog-tg', `/items/${i}`, 0.02 + (i % 4) / 100)),
      ...entries(58, 6.5, 300, (i) => served('checkout-tg', `/cart/${i}`, 0.05 + (i % 3) / 100)),
      ...entries(6, 0, 60, (i) => served('checkout-tg', `/cart/${900 + i}`, 6.2 + (i % 5) / 10)),
    ]);
    const f = correlate({ events }, computeWindows(ALARM));
    const shifts = findBehaviourShifts(f.collected, f.windows);
    expect(shifts.map((s) => [s.service, s.kind])).toContainEqual(['checkout', 'numeric-rise']);
    expect(f.root?.service).toBe('checkout');
  });

  it("joins the load balancer's view of a target with the target's own logs", () => {
    const events = byTime([
      ...ordinaryTraffic(6.5),
      ...spread('/ecs/checkout', 58, 0, 200, (i) => `INFO order ${i} paid`),
      // The target's own lines and the load balancer's 502s for it begin together.
      ...spread('/ecs/checkout', 6, 0, 40, (i) => `ERROR order ${900 + i} not paid: ledger client gave up`),
      ...entries(6, 0, 40, (i) => ({
        ...served('checkout-tg', `/cart/${900 + i}/pay`, 0.004),
        elbStatus: '502',
        targetStatus: '502',
      })),
    ]);
    const f = correlate({ events }, computeWindows(ALARM));
    expect(f.root?.service).toBe('checkout');
    expect([...f.suspects.keys()]).toEqual(['checkout']);
    // The target group's metrics name the same service.
    const raw = serviceOfDimensions({ TargetGroup: 'targetgroup/checkout-tg/0f1e2d3c4b5a6978' });
    expect(new ServiceNamer([...f.collected.services.keys()]).resolve(raw ?? '')).toBe('checkout');
  });

  it('keeps a healthy load balancer with client-error noise out of the origins', () => {
    const events = byTime([
      ...ordinaryTraffic(0),
      // Some new unauthorised calls: client errors of no known meaning.
      ...entries(5, 0, 6, (i) => ({
        ...served('checkout-tg', `/admin/${i}`, 0.003),
        elbStatus: '401',
        targetStatus: '401',
      })),
    ]);
    const f = correlate({ events }, computeWindows(ALARM));
    expect(f.inconclusive).toBe(true);
    expect(f.root).toBeNull();
  });

  it('names the failing service behind a healthy load balancer, and not the load balancer or its targets', () => {
    const events = byTime([
      ...ordinaryTraffic(0),
      ...spread(
        '/svc/stock-sync',
        58,
        0,
        240,
        (i) => `INFO synced ${i % 40} stock rows from the warehouse feed`,
      ),
      ...spread(
        '/svc/stock-sync',
        6,
        0,
        30,
        (i) => `ERROR sync run ${i} aborted: warehouse feed schema mismatch`,
      ),
    ]);
    const f = correlate({ events }, computeWindows(ALARM));
    expect(f.root?.service).toBe('stock-sync');
  });
});

/** The load balancer's own alarm: the 5xx count it returned, on its LoadBalancer dimension. */
function loadBalancerAlarm() {
  const at = new Date(ALARM).toISOString();
  return {
    version: '0',
    id: '5d0c9a8e-1f2b-4c3d-8e7f-6a5b4c3d2e1f',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '111122223333',
    time: at,
    region: 'eu-west-1',
    resources: ['arn:aws:cloudwatch:eu-west-1:111122223333:alarm:storefront-5xx'],
    detail: {
      alarmName: 'storefront-5xx',
      configuration: {
        metrics: [
          {
            id: 'errors',
            metricStat: {
              metric: {
                namespace: 'AWS/ApplicationELB',
                name: 'HTTPCode_ELB_5XX_Count',
                dimensions: { LoadBalancer: ELB },
              },
              period: 60,
              stat: 'Sum',
            },
            returnData: true,
          },
        ],
      },
      previousState: { reason: 'below threshold', timestamp: at, value: 'OK' },
      state: { reason: 'Threshold Crossed: 5xx count at or above 10', timestamp: at, value: 'ALARM' },
    },
  };
}

describe('the whole analysis of an alarm on the load balancer', () => {
  it('reports the target that stopped answering as the root cause, the load balancer only as the reporter', () => {
    const events = byTime([
      ...ordinaryTraffic(6.5),
      ...entries(6, 0, 45, (i) => ({
        targetGroup: targetGroupArn('checkout-tg'),
        request: `POST https://shop.example.net:443/cart/${900 + i}/pay HTTP/1.1`,
        times: ['0.001', '-1', '-1'],
        elbStatus: '504',
        targetStatus: '-',
        errorReason: 'TargetTimeout',
      })),
    ]).map(maskEvent);
    const result = analyzeIncident({ alarmEvent: loadBalancerAlarm(), events });
    if (!result.ok) throw new Error(result.error);
    const report = result.report;
    expect(report.inconclusive).toBe(false);
    expect(report.rootCause.service).toBe('checkout');
    expect(report.quality.grounded).toBe(true);
    expect(report.affectedServices.map((a) => a.service)).not.toContain('storefront');
    // Its role is not read from the load balancer's access lines about it.
    expect(report.affectedServices.find((a) => a.service === 'checkout')?.role).not.toBe('gateway');
  });
});
