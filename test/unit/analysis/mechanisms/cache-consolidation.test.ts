import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { lineSignals } from '../../../../shared/analysis/signals/classify-line.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, k8sEvent, spread } from './builders.ts';

const window = computeWindows(ALARM);
const EVENTS = '/eks/events';

/** A pod event about a memcached pod (the cluster's consolidation evicting it, or it waiting for a node). */
const podEvent = (
  minutes: number,
  reason: string,
  message: string,
  type: 'Normal' | 'Warning',
  component: string,
) =>
  k8sEvent(
    EVENTS,
    minutes,
    { kind: 'Pod', name: 'memcached-1', namespace: 'shop' },
    { reason, message, type, source: { component } },
  );

/**
 * A shop's product API reads through a memcached pool. The cluster's consolidation moves a
 * memcached pod to save a node: the new pod waits for room, the API's client keeps calling the old
 * address and times out, and the storefront's calls to the API time out in turn.
 */
function incident(evictionType: 'Normal' | 'Warning'): LogEvent[] {
  return byTime([
    ...spread('/eks/shop/product-api', 58, 0, 300, (i) => `INFO GET /products/${i} 200 cache=hit`),
    ...spread('/eks/shop/storefront', 58, 0, 300, (i) => `INFO rendered /p/${i}`),
    podEvent(9, 'Evicted', 'Evicted pod: Underutilized', evictionType, 'karpenter'),
    podEvent(
      8.8,
      'FailedScheduling',
      '0/4 nodes are available: 4 Insufficient memory.',
      'Warning',
      'default-scheduler',
    ),
    ...spread(
      '/eks/shop/product-api',
      8.7,
      0,
      60,
      (i) =>
        `WARNING cache get product:${i} failed: error talking to 10.4.1.9:11211: [Errno 110] Connection timed out`,
    ),
    ...spread(
      '/eks/shop/storefront',
      8.5,
      0,
      60,
      (i) => `ERROR render /p/${i} failed: timeout of 3000ms exceeded`,
    ),
  ]);
}

describe('a cache its clients could not reach', () => {
  it("reads a timeout on a cache's port as the cache's failure, reported by its client", () => {
    const signals = lineSignals('error talking to 10.4.1.9:11211: [Errno 110] Connection timed out');
    expect(signals).toContainEqual(expect.objectContaining({ faultClass: 'cache_failure', own: false }));
  });

  it('is a cache failure, set off by the consolidation that evicted its pod', () => {
    const f = correlate({ events: incident('Normal') }, window);
    expect(f.root?.service).toBe('memcached');
    expect(f.classification.faultClass).toBe('cache_failure');
    expect(f.trigger?.change).toMatchObject({ kind: 'restart', planned: true });
    expect(f.trigger?.change.description).toContain('Underutilized');
  });

  it('has no trigger in an eviction the kubelet made for lack of resources', () => {
    const f = correlate({ events: incident('Warning') }, window);
    expect(f.trigger?.change.description ?? '').not.toContain('Underutilized');
  });
});
