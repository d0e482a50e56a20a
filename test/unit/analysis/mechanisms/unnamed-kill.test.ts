import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, k8sEvent, spread } from './builders.ts';

const window = computeWindows(ALARM);
const EVENTS = '/k8s/events';
const POD = 'ledger-api-7c6d9f8b5-q4w2e';

/** The kernel's OOM kill of a `java` process, as node-problem-detector reports it on the node. */
const kill = (minutes: number) =>
  k8sEvent(
    EVENTS,
    minutes,
    { kind: 'Node', name: 'worker-3' },
    {
      reason: 'OOMKilling',
      message: 'Memory cgroup out of memory: Killed process 1 (java) total-vm:4210344kB, anon-rss:2046212kB',
      type: 'Warning',
      source: { component: 'kernel-monitor' },
    },
  );

/** The kubelet starting a pod's container (`reason`: Started, or BackOff while it waits to). */
const restart = (minutes: number, pod: string, reason: 'Started' | 'BackOff') =>
  k8sEvent(
    EVENTS,
    minutes,
    { kind: 'Pod', name: pod, namespace: 'ledger' },
    {
      reason,
      message:
        reason === 'Started'
          ? 'Started container app'
          : `Back-off restarting failed container app in pod ${pod}_ledger`,
      type: reason === 'Started' ? 'Normal' : 'Warning',
      source: { component: 'kubelet' },
    },
  );

/**
 * A ledger API's JVM outgrows its memory limit; the kernel kills it three times and the kubelet
 * starts it again within seconds each time. The statement service that calls it fails meanwhile.
 * A report worker, restarted once long before, is a bystander.
 */
function incident(restartedPod: string): LogEvent[] {
  return byTime([
    ...spread('/k8s/ledger/ledger-api', 58, 0, 300, (i) => `INFO posted entry e-${i}`),
    ...spread('/k8s/ledger/statements', 58, 0, 300, (i) => `INFO statement s-${i} rendered`),
    restart(40, 'report-worker-5b8c7d6f9-z8x7c', 'Started'),
    ...[7, 4.5, 2].flatMap((m) => [
      kill(m),
      restart(m - 0.02, restartedPod, 'BackOff'),
      restart(m - 0.3, restartedPod, 'Started'),
    ]),
    ...spread(
      '/k8s/ledger/statements',
      6.9,
      0,
      50,
      (i) => `ERROR statement s-${900 + i} failed: I/O error: Unexpected end of file from server`,
    ),
  ]);
}

describe("a node's OOM kill of a process it does not name", () => {
  it('reports the workload whose container the kubelet restarted right after each kill', () => {
    const f = correlate({ events: incident(POD) }, window);
    expect(f.root?.service).toBe('ledger-api');
    expect(f.classification.faultClass).toBe('memory_exhaustion');
  });

  it('stays the node when another workload restarted', () => {
    const f = correlate({ events: incident('report-worker-5b8c7d6f9-z8x7c') }, window);
    expect(f.root?.service).not.toBe('ledger-api');
  });
});
