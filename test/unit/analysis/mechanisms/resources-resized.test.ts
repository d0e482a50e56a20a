import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, k8sEvent, shippedSpread } from './builders.ts';

const window = computeWindows(ALARM);
const APP = '/aws/containerinsights/harbour/application';
const EVENTS = '/aws/containerinsights/harbour/events';
const IMAGE = '318402750121.dkr.ecr.eu-central-1.amazonaws.com/tally/tally-worker:2.7.4';

const podOf = (name: string) => ({
  pod_name: name,
  namespace_name: 'tally',
  container_name: 'tally-worker',
  container_image: IMAGE,
});

const shipped = (pod: string, from: number, to: number, count: number, log: (i: number) => string) =>
  shippedSpread(APP, podOf(pod), from, to, count, log);

/**
 * A tally worker has run image 2.7.4 all along. The Vertical Pod Autoscaler evicts its pod to give it
 * a smaller CPU allowance; the new pod starts on the same image and, as the evening's work arrives,
 * its workers stop answering in time.
 */
function incident(): LogEvent[] {
  return byTime([
    ...shipped(
      'tally-worker-7b9c-old01',
      58,
      24.2,
      70,
      (i) => `[INFO] tallied batch b-${i} rows=120 in 41 ms`,
    ),
    k8sEvent(
      EVENTS,
      24,
      { kind: 'Pod', name: 'tally-worker-7b9c-old01', namespace: 'tally' },
      {
        reason: 'EvictedByVPA',
        message: 'Pod was evicted by VPA Updater to apply resource recommendation.',
        type: 'Normal',
        source: { component: 'vpa-updater' },
      },
    ),
    ...shipped('tally-worker-7b9c-new02', 23.5, 23.5, 1, () => '[INFO] Starting gunicorn 22.0.0'),
    ...shipped(
      'tally-worker-7b9c-new02',
      23,
      9,
      40,
      (i) => `[INFO] tallied batch b-${100 + i} rows=120 in 43 ms`,
    ),
    ...shipped('tally-worker-7b9c-new02', 8, 0, 24, (i) => `[CRITICAL] WORKER TIMEOUT (pid:${20 + i})`),
  ]);
}

describe('the Vertical Pod Autoscaler setting a pod its resources', () => {
  it('is a change of its configuration, and the trigger of the fault that follows', () => {
    const f = correlate({ events: incident() }, window);
    expect(f.root?.service).toBe('tally-worker');
    expect(f.trigger?.change).toMatchObject({ kind: 'config', service: 'tally-worker' });
    expect(f.trigger?.change.description).toContain('evicted by VPA Updater');
  });

  it('makes the new pod start on the image it already ran, which is no release', () => {
    const f = correlate({ events: incident() }, window);
    expect(f.trigger?.change.kind).not.toBe('deploy');
  });
});
