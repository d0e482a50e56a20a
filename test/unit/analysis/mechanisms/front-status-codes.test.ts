import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { Telemetry } from '../../../../shared/domain/telemetry.ts';
import { ALARM, byTime, hourlyTelemetry, k8sEvent, spread } from './builders.ts';

const window = computeWindows(ALARM);

/** An nginx access line of the web front, `status` for the request. */
const access = (i: number, status: number) =>
  `10.0.4.${i % 200} - - [11/Aug/2026:03:1${i % 10}:00 +0000] "POST /api/v1/booking/${i} HTTP/1.1" ${status} 312 "-" "Mozilla/5.0" rt=0.${i % 9}`;

/**
 * A web front proxies bookings to an inventory service. From 8 minutes before the alarm the
 * inventory's pod runs at its CPU limit and its process is killed again and again; the front's
 * access log shows 500s first (it sees each failed request the moment it ends), the node's kernel
 * reports the kills of a `java` process it does not tie to a pod, and the kubelet restarts the pod.
 */
function incident() {
  const restarts = Array.from({ length: 6 }, (_, i) =>
    k8sEvent(
      '/k8s/events',
      7 - i,
      { kind: 'Pod', name: 'inventory-6c9d8f7b5-k2m4x', namespace: 'shop' },
      {
        reason: 'BackOff',
        message: 'Back-off restarting failed container inventory in pod inventory-6c9d8f7b5-k2m4x_shop',
        type: 'Warning',
        source: { component: 'kubelet' },
      },
    ),
  );
  const kills = Array.from({ length: 6 }, (_, i) =>
    k8sEvent(
      '/k8s/events',
      7.9 - i,
      { kind: 'Node', name: 'node-b7' },
      {
        reason: 'OOMKilling',
        message:
          'Memory cgroup out of memory: Killed process 1 (java) total-vm:5210344kB, anon-rss:1046212kB',
        type: 'Warning',
        source: { component: 'kernel-monitor' },
      },
    ),
  );
  return byTime([
    ...spread('/k8s/web-front', 58, 0, 400, (i) => access(i, 200)),
    ...spread('/k8s/web-front', 8, 0, 120, (i) => access(i, 500)),
    ...spread('/k8s/inventory', 58, 8, 300, (i) => `INFO reserved seat s-${i}`),
    ...restarts,
    ...kills,
  ]);
}

/** The inventory pod's CPU against its limit: 20% all hour, at its limit from 8 minutes before the alarm. */
function cpu(): Telemetry {
  return hourlyTelemetry(
    {
      namespace: 'ContainerInsights',
      metricName: 'pod_cpu_utilization_over_pod_limit',
      dimensions: { ClusterName: 'main', Namespace: 'shop', PodName: 'inventory' },
      stat: 'Average',
      unit: 'Percent',
    },
    (minute) => (minute < 8 ? 98 + (minute % 2) : 20 + (minute % 3)),
  );
}

describe('a front whose new lines are only the status codes of requests it served', () => {
  it('reports the fault of what it serves: its early 500s count as what the origin did', () => {
    const f = correlate({ events: incident() }, window, [], cpu());
    expect(f.root?.service).toBe('inventory');
    const fused = f.trail.steps.find((s) => s.title.startsWith('fuse_origin_candidates:'))?.detail ?? '';
    const front = /web-front: [\d.]+ \(logs ([\d.]+)/.exec(fused);
    // First in the logs, it would keep its whole log score; as a messenger of the inventory it keeps less than half.
    expect(Number(front?.[1])).toBeLessThan(0.5);
  });
});
