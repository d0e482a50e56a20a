import type { LogRecord } from '../../../domain/log-event.ts';
import { serviceEvent } from '../../parse/service-event.ts';
import { stringField } from '../../parse/text.ts';

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
  const event = serviceEvent(record);
  if (event?.source !== 'aws.ecs' || event.detailType !== 'ECS Task State Change') return undefined;
  if (stringField(event.detail, 'lastStatus') !== 'RUNNING') return undefined;
  return taskRevision(stringField(event.detail, 'taskDefinitionArn'));
}
