import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const INSTANCES = ['i-0a1b2c3d4e5f60718', 'i-0a1b2c3d4e5f60719'];

/** A render fleet on two EC2 instances (CloudWatch agent: one stream per instance id) and a Spot notice for one. */
function fleet(otherServiceOnSecond: boolean) {
  const work = INSTANCES.flatMap((instance, k) =>
    spread('/ec2/render-worker', 58, 0, 200, (i) => `INFO frame ${i * 2 + k} rendered`).map((e) => ({
      ...e,
      logStream: instance,
    })),
  );
  const shared = otherServiceOnSecond
    ? spread('/ec2/thumbs', 58, 0, 100, (i) => `INFO thumb ${i} cut`).map((e) => ({
        ...e,
        logStream: INSTANCES[1] as string,
      }))
    : [];
  const notice = (instance: string, minutesBefore: number) =>
    line(
      '/aws/events/fleet',
      minutesBefore,
      JSON.stringify({
        version: '0',
        id: `n-${instance}`,
        'detail-type': 'EC2 Spot Instance Interruption Warning',
        source: 'aws.ec2',
        account: '111122223333',
        time: new Date(ALARM - minutesBefore * 60_000).toISOString(),
        region: 'eu-west-1',
        resources: [`arn:aws:ec2:eu-west-1:111122223333:instance/${instance}`],
        detail: { 'instance-id': instance, 'instance-action': 'terminate' },
      }),
      `notice-${instance}`,
    );
  return byTime([...work, ...shared, notice(INSTANCES[0] as string, 6), notice(INSTANCES[1] as string, 5.9)]);
}

describe('an event about an EC2 instance', () => {
  it('is about the service whose log streams are named after that instance', () => {
    const f = correlate({ events: fleet(false) }, computeWindows(ALARM));
    const services = [...f.collected.services.keys()];
    expect(services).toContain('render-worker');
    expect(services.filter((s) => s.startsWith('i-'))).toEqual([]);
  });

  it('stays with the instance when the instance hosts more than one service', () => {
    const f = correlate({ events: fleet(true) }, computeWindows(ALARM));
    expect([...f.collected.services.keys()]).toContain(INSTANCES[1]);
    expect([...f.collected.services.keys()]).not.toContain(INSTANCES[0]);
  });
});
