import type { LogRecord } from '../../../domain/log-event.ts';
import { isRecord, stringField } from '../../parse/text.ts';
import type { ChangeEvent } from './detect-change.ts';

/**
 * A task definition's revision as ECS writes it in an ARN or a call's parameters
 * (`arn:aws:ecs:…:task-definition/loyalty-api:57`, or `loyalty-api:57` itself): `family:revision`,
 * what an ECS service's release deploys.
 */
export function taskRevision(value: string | undefined): string | undefined {
  const m =
    value === undefined ? null : /(?:^|:task-definition\/)([A-Za-z0-9_-]{1,255}:\d+)$/.exec(value.trim());
  return m?.[1];
}

/**
 * The revision of a task that began running, from an ECS Task State Change event an EventBridge
 * rule wrote (ECS Developer Guide, "Amazon ECS task state change events": `lastStatus` RUNNING,
 * `taskDefinitionArn`). Its service is the aws-event style's resource (the task's `service:` group).
 */
export function startedTaskRevision(record: LogRecord): string | undefined {
  const fields = record.style === 'aws-event' ? record.fields : undefined;
  const detail = fields?.detail;
  if (fields?.source !== 'aws.ecs' || fields['detail-type'] !== 'ECS Task State Change' || !isRecord(detail))
    return undefined;
  if (stringField(detail, 'lastStatus') !== 'RUNNING') return undefined;
  return taskRevision(stringField(detail, 'taskDefinitionArn'));
}

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
