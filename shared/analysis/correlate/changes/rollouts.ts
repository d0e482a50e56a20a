import { isRecord } from '../../parse/text.ts';
import type { ChangeEvent } from './detect-change.ts';

/** `Scaled up replica set checkout-7d9c5b to 3`, as the Kubernetes deployment controller reports it. */
const SCALED = /\bScaled (up|down) replica set (\S+) to \d+/;
/** How far apart the two halves of one rollout may be. */
const ROLLOUT_MS = 15 * 60_000;

/**
 * A Deployment rollout as Kubernetes logs it: one replica set of a service scaled up while another
 * of the same service is scaled down. Its scale-up is the release of a new revision, so it is
 * returned as a deploy, with the version of the image its pods pulled; a scale-up with no other replica set going down (an autoscaler, a manual
 * scale) stays a scaling action. Every other change is returned as it is.
 */
export function withRollouts(changes: readonly ChangeEvent[]): ChangeEvent[] {
  const scaled = changes.map((c) => {
    const m = c.kind === 'scale' ? SCALED.exec(c.description) : null;
    return m ? { change: c, up: m[1] === 'up', replicaSet: m[2] as string } : null;
  });
  return changes.map((change, i) => {
    const own = scaled[i];
    if (!own?.up) return change;
    const replaced = scaled.some(
      (other) =>
        other !== null &&
        !other.up &&
        other.change.service === change.service &&
        other.replicaSet !== own.replicaSet &&
        Math.abs(other.change.at - change.at) <= ROLLOUT_MS,
    );
    if (!replaced) return change;
    const version = change.version ?? pulledBy(changes, own.replicaSet, change);
    return version ? { ...change, kind: 'deploy', version } : { ...change, kind: 'deploy' };
  });
}

/** The image version the kubelet pulled for a pod of the replica set (pods are named `<replica set>-<suffix>`). */
function pulledBy(
  changes: readonly ChangeEvent[],
  replicaSet: string,
  scaleUp: ChangeEvent,
): string | undefined {
  const pod = `${replicaSet}-`;
  return changes.find(
    (c) =>
      c.kind === 'restart' &&
      c.version !== undefined &&
      c.service === scaleUp.service &&
      Math.abs(c.at - scaleUp.at) <= ROLLOUT_MS &&
      podOf(c)?.startsWith(pod),
  )?.version;
}

/** The pod a Kubernetes event is about: its involved object (JSON events) or its `kind/name` (kubectl rows). */
function podOf(change: ChangeEvent): string | undefined {
  // A watch stream (`kubectl get events -w -o json`) wraps each event as {"type"|"verb", "event"}.
  const wrapped = change.record.fields?.event;
  const fields = isRecord(wrapped) ? wrapped : change.record.fields;
  const involved = fields?.involvedObject ?? fields?.regarding;
  const name = isRecord(involved) ? involved.name : fields?.name;
  return typeof name === 'string' ? name : undefined;
}
