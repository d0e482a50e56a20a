import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, k8sEvent, line, MIN, shippedLine, spread } from './builders.ts';

const window = computeWindows(ALARM);
const HOST_A = 'arn:aws:ecs:us-east-2:210987654321:container-instance/quotes/a17c3e5d';
const HOST_B = 'arn:aws:ecs:us-east-2:210987654321:container-instance/quotes/b42f6a8e';
const HOST_C = 'arn:aws:ecs:us-east-2:210987654321:container-instance/quotes/c93d1b0f';

/** An ECS task state change as an EventBridge rule writes it to a log group. */
function taskState(minutes: number, family: string, status: string, host: string, cpu?: string): LogEvent {
  return line(
    '/aws/events/ecs',
    minutes,
    JSON.stringify({
      version: '0',
      id: `e-${family}-${status}`,
      'detail-type': 'ECS Task State Change',
      source: 'aws.ecs',
      account: '210987654321',
      time: new Date(ALARM - minutes * MIN).toISOString().replace(/\.\d+Z$/, 'Z'),
      region: 'us-east-2',
      resources: [`arn:aws:ecs:us-east-2:210987654321:task/quotes/${family}-1`],
      detail: {
        clusterArn: 'arn:aws:ecs:us-east-2:210987654321:cluster/quotes',
        containerInstanceArn: host,
        group: family === 'quote-api' ? 'service:quote-api' : `family:${family}`,
        taskDefinitionArn: `arn:aws:ecs:us-east-2:210987654321:task-definition/${family}:7`,
        lastStatus: status,
        desiredStatus: status,
        ...(cpu === undefined ? {} : { cpu }),
      },
    }),
  );
}

/**
 * An insurer's quote API runs on two hosts of an ECS cluster. A PDF renderer's task is placed on
 * host A and uses every core it finds; the quote API's task there logs its event loop blocked, and
 * the web front answers slowly. The renderer logs only its own progress.
 */
function incident(options: { host?: string; cpu?: string; starvedWords?: boolean } = {}) {
  const { host = HOST_A, cpu = '0', starvedWords = true } = options;
  return byTime([
    taskState(58, 'quote-api', 'RUNNING', HOST_A),
    taskState(58, 'quote-api', 'RUNNING', HOST_B),
    ...spread('/ecs/quote-api', 58, 0, 580, (i) => `INFO POST /quotes/${i} 200 in ${40 + (i % 9)} ms`),
    ...spread('/ecs/web-front', 58, 0, 290, (i) => `INFO GET /quote-form/${i} 200`),
    taskState(9, 'pdf-renderer', 'RUNNING', host, cpu),
    line('/ecs/pdf-renderer', 8.9, 'INFO rendering 40211 policy documents with 24 workers'),
    ...spread('/ecs/pdf-renderer', 8.5, 0, 17, (i) => `INFO rendered ${(i + 1) * 2300} of 40211 documents`),
    ...spread('/ecs/quote-api', 8.6, 0, 80, (i) =>
      starvedWords
        ? `WARN event loop blocked for ${1200 + i * 7} ms; POST /quotes/${2000 + i} took ${3100 + i} ms`
        : `WARN POST /quotes/${2000 + i} took ${3100 + i} ms`,
    ),
    ...spread(
      '/ecs/web-front',
      8.4,
      0,
      40,
      (i) => `ERROR GET /quote-form/${900 + i} 504: quote service did not answer in 3 s`,
    ),
  ]);
}

describe('a task placed beside a service that then ran short of CPU', () => {
  it('is the origin that service reports, of the class it ran short of, with its start as the trigger', () => {
    const f = correlate({ events: incident() }, window);
    expect(f.root?.service).toBe('pdf-renderer');
    expect(f.classification.faultClass).toBe('cpu_saturation');
    expect(f.trigger?.change.service).toBe('pdf-renderer');
    expect(f.affected.map((a) => a.service)).toEqual(expect.arrayContaining(['quote-api']));
  });

  it('is no one when it started on a host the slow service has no task on', () => {
    const f = correlate({ events: incident({ host: HOST_C }) }, window);
    expect(f.root?.service).not.toBe('pdf-renderer');
  });

  it('is no one when it reserved its share of CPU', () => {
    const f = correlate({ events: incident({ cpu: '2048' }) }, window);
    expect(f.root?.service).not.toBe('pdf-renderer');
  });

  it('is no one when the slow service does not say it ran short of a resource', () => {
    const f = correlate({ events: incident({ starvedWords: false }) }, window);
    expect(f.trail.steps.map((s) => s.title)).not.toContain('find_host_neighbours: ok');
  });
});

const APPS = '/aws/containerinsights/shop/application';

/** A container's line as Fluent Bit ships it, with the pod and the node it ran on. */
function shipped(minutes: number, pod: string, node: string, log: string) {
  const container = pod.split('-').slice(0, -2).join('-');
  return shippedLine(APPS, minutes, log, {
    pod_name: pod,
    namespace_name: 'shop',
    container_name: container,
    host: node,
  });
}

/**
 * A basket service runs two pods, on nodes A and B. A batch of nightly re-pricing is moved to run
 * at noon and its pod lands on node A; the basket pod there logs its event loop lagging, the one
 * on node B stays well. The re-pricing pod logs only its progress.
 */
function nodeIncident(options: { repricerNode?: string } = {}) {
  const { repricerNode = 'node-a' } = options;
  return byTime([
    ...spread(APPS, 58, 0, 200, (i) => `{"level":"info","msg":"basket ${i} saved in 12 ms"}`).map((e, i) =>
      shipped(
        (ALARM - e.timestamp) / MIN,
        i % 2 ? 'basket-5d8f7c9b6d-k2x7p' : 'basket-5d8f7c9b6d-q9z4m',
        i % 2 ? 'node-a' : 'node-b',
        e.message,
      ),
    ),
    k8sEvent(
      '/aws/eks/shop/events',
      11,
      { kind: 'Pod', name: 'repricer-29674880-tz9qh', namespace: 'shop' },
      {
        reason: 'Scheduled',
        message: `Successfully assigned shop/repricer-29674880-tz9qh to ${repricerNode}`,
        type: 'Normal',
        source: { component: 'default-scheduler' },
      },
    ),
    ...spread(APPS, 10.5, 0, 40, (i) => `re-pricing chunk ${i} of 900 done`).map((e) =>
      shipped((ALARM - e.timestamp) / MIN, 'repricer-29674880-tz9qh', repricerNode, e.message),
    ),
    ...spread(APPS, 9, 0, 60, (i) => `{"level":"warn","msg":"event loop lag ${900 + i} ms"}`).map((e) =>
      shipped((ALARM - e.timestamp) / MIN, 'basket-5d8f7c9b6d-k2x7p', 'node-a', e.message),
    ),
  ]);
}

describe('a pod placed beside a service that then ran short of CPU', () => {
  it('is the origin when it landed on the node the starved pods were shipped from', () => {
    const f = correlate({ events: nodeIncident() }, window);
    expect(f.root?.service).toBe('repricer');
    expect(f.classification.faultClass).toBe('cpu_saturation');
    expect(f.classification.starved).toBe('basket');
  });

  it('is no one when it landed on a node where the service did not run short', () => {
    const f = correlate({ events: nodeIncident({ repricerNode: 'node-b' }) }, window);
    expect(f.root?.service).not.toBe('repricer');
  });
});
