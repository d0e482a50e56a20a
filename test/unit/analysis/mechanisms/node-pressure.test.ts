import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, k8sEvent, spread } from './builders.ts';

const window = computeWindows(ALARM);
const EVENTS = '/k8s/shop/events';
const NODE = 'ip-10-9-4-77.ec2.internal';

/** A kubelet's event about a node or a shop pod, `minutes` before the alarm. */
const event = (minutes: number, kind: string, name: string, reason: string, message: string): LogEvent =>
  k8sEvent(EVENTS, minutes, kind === 'Node' ? { kind, name } : { kind, name, namespace: 'shop' }, {
    reason,
    message,
    type: 'Warning',
    source: { component: 'kubelet', host: NODE },
  });

/**
 * A shop's image thumbnailer keeps every temporary tile it writes; its node runs out of inodes and
 * the kubelet evicts the cart API's pods from it. The cart API, short of pods, answers slowly and the
 * edge in front of it fails; the thumbnailer then fails on its own full disk.
 */
function incident() {
  return byTime([
    ...spread('/k8s/shop/cart-api', 58, 8.3, 497, (i) => `INFO GET /cart/${i} 200 in ${30 + (i % 7)} ms`),
    ...spread(
      '/k8s/shop/thumbnailer',
      58,
      0,
      116,
      (i) => `INFO thumbnail ${i} written for cart-api item ${8000 + i}`,
    ),
    event(9, 'Node', NODE, 'EvictionThresholdMet', 'Attempting to reclaim inodes'),
    event(
      8.8,
      'Pod',
      'cart-api-6d8f7b9c5-k2x7q',
      'Evicted',
      'The node was low on resource: inodes. Threshold quantity: 5%, available: 3.9%. ',
    ),
    event(
      8.5,
      'Pod',
      'cart-api-6d8f7b9c5-w9z4m',
      'Evicted',
      'The node was low on resource: inodes. Threshold quantity: 5%, available: 3.7%. ',
    ),
    ...spread('/k8s/shop/web-edge', 58, 0, 290, (i) => `INFO GET /basket/${i} 200 upstream=cart-api`),
    ...spread('/k8s/shop/cart-api', 8.3, 0, 83, (i) => `INFO GET /cart/${900 + i} 200 in ${1800 + i * 9} ms`),
    ...spread(
      '/k8s/shop/web-edge',
      8.2,
      0,
      30,
      (i) => `ERROR GET /basket/${900 + i} 503 upstream=cart-api: no healthy upstream`,
    ),
    ...spread(
      '/k8s/shop/thumbnailer',
      7,
      0,
      40,
      (i) =>
        `ERROR thumbnail ${900 + i} for cart-api item ${9000 + i} failed: OSError: [Errno 28] No space left on device`,
    ),
  ]);
}

describe("a node's disk filled by one workload", () => {
  it('is the fault of the workload that states it, not of the pods the kubelet evicted', () => {
    const f = correlate({ events: incident() }, window);
    expect(f.root?.service).toBe('thumbnailer');
    expect(f.classification.faultClass).toBe('disk_full');
  });
});
