import { describe, expect, it } from 'vitest';
import { quantity } from '../../../../shared/analysis/correlate/eviction-hog.ts';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, k8sEvent, spread } from './builders.ts';

const window = computeWindows(ALARM);
const EVENTS = '/aws/containerinsights/quarry/events';
const NODE = 'ip-10-4-9-17.eu-north-1.compute.internal';

/** The kubelet evicting a pod because the node ran low on disk, with what its container was using. */
const evicted = (minutes: number, pod: string, container: string, using: string) =>
  k8sEvent(
    EVENTS,
    minutes,
    { kind: 'Pod', name: pod, namespace: 'docs' },
    {
      reason: 'Evicted',
      message: `The node was low on resource: ephemeral-storage. Threshold quantity: 10737418240, available: 9102331Ki. Container ${container} was using ${using}, request is 0, has larger consumption of ephemeral-storage. `,
      type: 'Warning',
      source: { component: 'kubelet', host: NODE },
    },
  );

/**
 * A document renderer and a PDF archiver share a node. The archiver keeps its work files in its
 * scratch space and fills the node's disk; the kubelet evicts the renderer first (lower priority,
 * a few kilobytes used), which its callers feel, and only later the archiver.
 */
function incident(archiverUsing: string): LogEvent[] {
  return byTime([
    ...spread('/eks/docs/docs-render', 58, 9, 200, (i) => `INFO rendered doc d-${i} in 40ms`),
    ...spread('/eks/docs/pdf-archiver', 58, 0, 150, (i) => `INFO archived bundle b-${i}`),
    ...spread('/eks/docs/docs-portal', 58, 0, 290, (i) => `INFO GET /docs/${i} 200`),
    k8sEvent(
      EVENTS,
      10,
      { kind: 'Node', name: NODE },
      {
        reason: 'NodeHasDiskPressure',
        message: `Node ${NODE} status is now: NodeHasDiskPressure`,
        type: 'Warning',
        source: { component: 'kubelet', host: NODE },
      },
    ),
    evicted(9, 'docs-render-6d8f7b9c4-kq2xz', 'docs-render', '96Ki'),
    ...spread(
      '/eks/docs/docs-portal',
      8.8,
      0,
      80,
      (i) => `ERROR render of doc ${i} failed: 503 Service Unavailable`,
    ),
    evicted(4, 'pdf-archiver-5c7d9f8b6-m4n2p', 'pdf-archiver', archiverUsing),
  ]);
}

describe('a workload that filled its node', () => {
  it('reads Kubernetes quantities as the kubelet writes them', () => {
    expect(quantity('96Ki')).toBe(96 * 1024);
    expect(quantity('10737418240')).toBe(10737418240);
    expect(quantity('2Gi')).toBe(2 * 2 ** 30);
    expect(quantity('500M')).toBe(5e8);
  });

  it('is the origin: the container the kubelet found using by far the most, not the pod it evicted first', () => {
    const f = correlate({ events: incident('41943040Ki') }, window);
    expect(f.root?.service).toBe('pdf-archiver');
    expect(f.classification.faultClass).toBe('disk_full');
  });

  it('is not named when the evicted used alike', () => {
    const f = correlate({ events: incident('128Ki') }, window);
    expect(f.root?.service).not.toBe('pdf-archiver');
  });
});
