import type { ChangeEvent } from './detect-change.ts';
import { startedTaskRevision } from './ecs-task-revision.ts';

/** How long after an ECS deployment began its first new task may start. */
const DEPLOYMENT_MS = 15 * 60_000;

/**
 * An ECS service's deployment announced without the revision it deploys (its Deployment State
 * Change event names only the deployment) takes the revision of the first of its tasks to start
 * after it on a revision none of its tasks ran before: what the deployment rolled out.
 */
export function withTaskRevisions(changes: readonly ChangeEvent[]): ChangeEvent[] {
  const starts = changes.filter((c) => c.kind === 'restart' && startedTaskRevision(c.record) !== undefined);
  if (starts.length === 0) return [...changes];
  return changes.map((change) => {
    if (
      change.kind !== 'deploy' ||
      change.version !== undefined ||
      change.record.fields?.source !== 'aws.ecs'
    )
      return change;
    const own = starts.filter((s) => s.service === change.service);
    const before = new Set(own.filter((s) => s.at < change.at).map((s) => s.version));
    const first = own
      .filter((s) => s.at >= change.at && s.at - change.at <= DEPLOYMENT_MS && !before.has(s.version))
      .sort((a, b) => a.at - b.at)[0];
    return first?.version ? { ...change, version: first.version } : change;
  });
}
