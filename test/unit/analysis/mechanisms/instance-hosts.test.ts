import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, k8sEvent, line, shippedLine, spread } from './builders.ts';

const window = computeWindows(ALARM);
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

const APPS = '/aws/containerinsights/data/application';

/** A broker's line as Fluent Bit ships it: labelled `app=queue-broker`, from a pod of the StatefulSet `events-broker`. */
function brokerLine(minutes: number, pod: string, log: string) {
  return shippedLine(APPS, minutes, log, {
    pod_name: pod,
    namespace_name: 'data',
    container_name: 'broker',
    labels: { app: 'queue-broker' },
  });
}

/**
 * A message broker runs as a StatefulSet whose pods (`events-broker-0..2`) carry the label
 * `app=queue-broker`. One broker's volume fills: it says so, dies, and the kubelet keeps restarting
 * it, in events about the pod `events-broker-2`.
 */
function brokerIncident() {
  const backOff = (minutes: number) =>
    k8sEvent(
      '/aws/containerinsights/data/events',
      minutes,
      { kind: 'Pod', name: 'events-broker-2', namespace: 'data' },
      {
        reason: 'BackOff',
        message: 'Back-off restarting failed container broker in pod events-broker-2_data(4c1d)',
        type: 'Warning',
        source: { component: 'kubelet' },
      },
    );
  return byTime([
    ...['events-broker-0', 'events-broker-1', 'events-broker-2'].flatMap((pod) =>
      spread(APPS, 58, 0, 120, (i) => `INFO rolled segment ${i} of topic orders`).map((e) =>
        brokerLine((ALARM - e.timestamp) / 60_000, pod, e.message),
      ),
    ),
    ...spread(
      APPS,
      8,
      6,
      6,
      () => 'ERROR Error while appending records to orders-3: java.io.IOException: No space left on device',
    ).map((e) => brokerLine((ALARM - e.timestamp) / 60_000, 'events-broker-2', e.message)),
    ...[5.9, 5.2, 4.1, 3.0, 1.8, 0.6].map(backOff),
  ]);
}

describe("the events about a workload's pods", () => {
  it("are about the service their pods' container lines are, whatever label names it", () => {
    const f = correlate({ events: brokerIncident() }, window);
    expect(f.root?.service).toBe('queue-broker');
    expect([...f.suspects.keys()]).not.toContain('events-broker');
    // Its restarts are how it died; its full disk is why.
    expect(f.classification.faultClass).toBe('disk_full');
  });
});
