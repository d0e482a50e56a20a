import type { LogLevel } from '../../../domain/log-event.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { isRecord, stringField } from '../text.ts';
import { timestampFromValue } from '../timestamp.ts';

/**
 * An AWS service event as an EventBridge rule delivers it to a log group: the envelope (`source`,
 * `detail-type`, `resources`, `detail`) around what RDS, ECS, EC2, Auto Scaling, Health or
 * CodeDeploy said. Such events carry no level word: the level comes from what each service documents
 * its event categories, states and codes to mean, and the service is the resource the event is
 * about, never the event bus or the log group that received it.
 */
interface ServiceEventReader {
  /** The resource the event is about. */
  resource(detail: Record<string, unknown>, resources: string[]): string | undefined;
  level(detail: Record<string, unknown>, detailType: string): LogLevel;
  /** What the service says happened, in its own words. */
  text(detail: Record<string, unknown>, detailType: string): string | undefined;
}

/**
 * Amazon RDS event categories (RDS User Guide, "Amazon RDS event categories and event messages"):
 * failure and low storage mean the instance is failing; availability (shutdown, restart), failover
 * and read replica (replication errors, lag) mean degraded service; the rest are routine.
 */
const RDS_ERROR_CATEGORIES = new Set(['failure', 'low storage']);
const RDS_WARN_CATEGORIES = new Set(['availability', 'failover', 'read replica', 'recovery']);

const rds: ServiceEventReader = {
  resource: (detail, resources) =>
    stringField(detail, 'SourceIdentifier') ??
    arnName(stringField(detail, 'SourceArn')) ??
    arnName(resources[0]),
  level: (detail) => {
    const categories = stringList(detail.EventCategories).map((c) => c.toLowerCase());
    if (categories.some((c) => RDS_ERROR_CATEGORIES.has(c))) return 'ERROR';
    if (categories.some((c) => RDS_WARN_CATEGORIES.has(c))) return 'WARN';
    return 'INFO';
  },
  text: (detail) => stringField(detail, 'Message'),
};

/**
 * Amazon ECS events (ECS Developer Guide, "Amazon ECS events"): a task that stopped because an
 * essential container exited or it failed to start is an error, unless its containers all exited
 * with code 0 (a batch task that ran to completion); a service action of type ERROR or WARN keeps
 * that level; a deployment's FAILED state is an error.
 */
const ECS_FAILED_STOP_CODES = new Set(['TaskFailedToStart', 'EssentialContainerExited']);

/** The exit codes the task's containers reported (ECS task state change `containers[].exitCode`). */
function exitCodes(detail: Record<string, unknown>): number[] {
  const containers = Array.isArray(detail.containers) ? detail.containers : [];
  return containers.filter(isRecord).flatMap((c) => (typeof c.exitCode === 'number' ? [c.exitCode] : []));
}

/** Every container of the stopped task that reported an exit code exited with 0. */
function ranToCompletion(detail: Record<string, unknown>): boolean {
  const codes = exitCodes(detail);
  return codes.length > 0 && codes.every((code) => code === 0);
}

const ecs: ServiceEventReader = {
  resource: (detail, resources) => {
    const group = stringField(detail, 'group');
    if (group?.startsWith('service:')) return group.slice('service:'.length);
    return taskFamily(stringField(detail, 'taskDefinitionArn')) ?? arnName(resources[0]);
  },
  level: (detail, detailType) => {
    const eventType = stringField(detail, 'eventType');
    if (eventType === 'ERROR') return 'ERROR';
    if (eventType === 'WARN') return 'WARN';
    if (detailType === 'ECS Task State Change' && stringField(detail, 'lastStatus') === 'STOPPED') {
      const code = stringField(detail, 'stopCode');
      if (ranToCompletion(detail)) return 'INFO';
      return code !== undefined && ECS_FAILED_STOP_CODES.has(code) ? 'ERROR' : 'WARN';
    }
    return /FAILED/.test(stringField(detail, 'eventName') ?? '') ? 'ERROR' : 'INFO';
  },
  text: (detail, detailType) => {
    const reason = stringField(detail, 'stoppedReason', 'reason', 'eventName');
    const status = stringField(detail, 'lastStatus');
    const codes = status === 'STOPPED' ? [...new Set(exitCodes(detail))] : [];
    const exited = codes.length > 0 ? ` (exit code ${codes.join(', ')})` : '';
    return [detailType, status, reason && `${reason}${exited}`].filter(Boolean).join(': ');
  },
};

/**
 * EC2 events (EC2 User Guide): an instance stopping or terminating, and the Spot Instance
 * interruption warning (two minutes before it is stopped, hibernated or terminated: its
 * `instance-action`), are warnings; a rebalance recommendation is the earlier notice of the same.
 */
const ec2: ServiceEventReader = {
  resource: (detail, resources) => stringField(detail, 'instance-id') ?? arnName(resources[0]),
  level: (detail, detailType) =>
    /^(?:stopping|stopped|shutting-down|terminated)$/.test(stringField(detail, 'state') ?? '') ||
    /Spot Instance Interruption Warning|Instance Rebalance Recommendation/.test(detailType)
      ? 'WARN'
      : 'INFO',
  text: (detail, detailType) =>
    `${detailType}: ${stringField(detail, 'state', 'instance-action') ?? ''}`.replace(/: $/, '').trim(),
};

/** EC2 Auto Scaling events (Auto Scaling User Guide): an "Unsuccessful" launch or termination is an error. */
const autoscaling: ServiceEventReader = {
  resource: (detail, resources) => stringField(detail, 'AutoScalingGroupName') ?? arnName(resources[0]),
  level: (detail, detailType) =>
    /Unsuccessful/i.test(detailType) || stringField(detail, 'StatusCode') === 'Failed' ? 'ERROR' : 'INFO',
  text: (detail, detailType) =>
    [detailType, stringField(detail, 'Cause', 'StatusMessage', 'Description')].filter(Boolean).join(': '),
};

/** AWS Health events (Health User Guide): category `issue` is an open problem; scheduled changes and notifications are not. */
const health: ServiceEventReader = {
  resource: (detail, resources) => {
    const entities = Array.isArray(detail.affectedEntities) ? detail.affectedEntities : [];
    const first = entities.find(isRecord);
    return (
      (first ? stringField(first, 'entityValue') : undefined) ??
      arnName(resources[0]) ??
      stringField(detail, 'service')
    );
  },
  level: (detail) => (stringField(detail, 'eventTypeCategory') === 'issue' ? 'ERROR' : 'INFO'),
  text: (detail) => {
    const descriptions = Array.isArray(detail.eventDescription) ? detail.eventDescription : [];
    const first = descriptions.find(isRecord);
    return (
      (first ? stringField(first, 'latestDescription') : undefined) ?? stringField(detail, 'eventTypeCode')
    );
  },
};

/** CodeDeploy deployment and instance state changes (CodeDeploy User Guide): FAILURE is an error, the rest routine. */
const codedeploy: ServiceEventReader = {
  resource: (detail, resources) =>
    stringField(detail, 'deploymentGroup', 'application') ?? arnName(resources[0]),
  level: (detail) => (stringField(detail, 'state') === 'FAILURE' ? 'ERROR' : 'INFO'),
  text: (detail, detailType) =>
    `${detailType}: deployment ${stringField(detail, 'deploymentId') ?? ''} ${stringField(detail, 'state') ?? ''}`.trim(),
};

/** Any other service: the first resource the envelope names, and no level beyond INFO. */
const generic: ServiceEventReader = {
  resource: (_detail, resources) => arnName(resources[0]),
  level: (detail) =>
    /fail|error/i.test(stringField(detail, 'state', 'status', 'eventType') ?? '') ? 'ERROR' : 'INFO',
  text: (detail, detailType) =>
    [detailType, stringField(detail, 'message', 'Message', 'description', 'Description', 'state', 'status')]
      .filter(Boolean)
      .join(': '),
};

const READERS: Record<string, ServiceEventReader> = {
  'aws.rds': rds,
  'aws.ecs': ecs,
  'aws.ec2': ec2,
  'aws.autoscaling': autoscaling,
  'aws.health': health,
  'aws.codedeploy': codedeploy,
};

/** The name at the end of an ARN (`arn:aws:rds:…:db:orders-prod` → `orders-prod`, `…:service/cluster/api` → `api`). */
export function arnName(arn: string | undefined): string | undefined {
  if (arn === undefined || !arn.startsWith('arn:')) return undefined;
  const resource = arn.split(':').slice(5).join(':');
  const name = resource.split(/[/:]/).filter(Boolean).pop();
  return name === undefined || name.length === 0 || name.length > 256 ? undefined : name;
}

/** The family of an ECS task definition ARN (`…:task-definition/FAMILY:REVISION`), never its revision. */
function taskFamily(arn: string | undefined): string | undefined {
  const m = arn === undefined ? null : /:task-definition\/([^:/]+)(?::\d+)?$/.exec(arn);
  return m?.[1];
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function recogniseAwsServiceEvent(
  obj: Record<string, unknown>,
  ctx: LineContext,
): StyleMatch | undefined {
  const source = obj.source;
  const detailType = obj['detail-type'];
  const detail = obj.detail;
  if (typeof source !== 'string' || !source.startsWith('aws.') || typeof detailType !== 'string')
    return undefined;
  if (!isRecord(detail)) return undefined;
  const reader = READERS[source] ?? generic;
  const resources = stringList(obj.resources);
  const resource = reader.resource(detail, resources);
  const text = reader.text(detail, detailType) ?? detailType;
  return {
    style: 'aws-event',
    at: timestampFromValue(detail.Date ?? obj.time, ctx.eventMs),
    level: reader.level(detail, detailType),
    service: resource,
    message: text,
    fields: obj,
  };
}
