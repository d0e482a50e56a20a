import type { LogRecord } from '../../../domain/log-event.ts';
import { serviceEvent } from '../../parse/service-event.ts';
import { isRecord, stringField } from '../../parse/text.ts';
import type { ChangeKind } from './change-kind.ts';
import { auditLogChange, type ChangeTarget, KUBECTL_RESULT_WORD, kubectlResult } from './control-plane.ts';
import { startedTaskRevision, taskRevision } from './ecs-task-revision.ts';
import { imageVersion, versionOfImage } from './image-version.ts';

export type { ChangeKind } from './change-kind.ts';

export interface ChangeEvent {
  kind: ChangeKind;
  at: number;
  service: string;
  description: string;
  version?: string;
  /**
   * Known only from a process announcing its start with a version: a release when it precedes the
   * fault, the service coming back (a restart after a crash or OOM kill) when it follows.
   */
  startOnly?: true;
  /**
   * A restart something decided on (a pod evicted through the Eviction API by a consolidation or a
   * drain, reported as Normal), unlike one its fault caused: it may set a fault off.
   */
  planned?: true;
  /** The object a control plane changed (a ConfigMap, a NetworkPolicy), when the line is its account. */
  target?: ChangeTarget;
  /** The line in which the changed service took the change up (its configuration reload). */
  seenAs?: LogRecord;
  record: LogRecord;
}

// The last alternative is the new side of a version change written as `3.6.2 -> 3.7.0`.
const VERSION =
  /\b(?:version|ver|release|image(?:[ _]tag)?|build|tag)[=: "]+v?(\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?)|\bv(\d+\.\d+(?:\.\d+)?(?:-[\w.]+)?)\b|:(\d+\.\d+\.\d+(?:-[\w.]+)?)\b|\d+\.\d+\.\d+\S* ?(?:->|→) ?v?(\d+\.\d+\.\d+(?:-[\w.]+)?)\b/i;

// Lambda's CloudTrail event names carry an API version (UpdateFunctionCode20150331v2, PublishVersion20150331).
// Flux's helm-controller starting a Helm upgrade of a release ("running 'upgrade' action with timeout
// of 5m0s", after "release out-of-sync with desired state: … chart version changed (3.6.2 -> 3.7.0)").
const DEPLOY =
  /\b(?:deploy(?:ed|ing|ment (?:started|completed|succeeded|updated|rolled out))|rolling (?:out|update)|rolled out|rollout|new (?:version|release|revision|task definition)|UpdateService|UpdateFunctionCode\w*|PublishVersion\w*|CreateDeployment|ScalingReplicaSet|Scaled (?:up|down) replica set|chart version changed|running '(?:install|upgrade)' action|Helm (?:install|upgrade) succeeded)\b/i;
const STARTING =
  /\b(?:starting|started|booting|listening on|application (?:started|ready)|server started|Started container)\b/i;
// A bucket's default encryption (S3 PutBucketEncryption: the KMS key every new object is written
// with) and a KMS key disabled or scheduled for deletion change what its users can do.
// A capacity schedule or scaling policy put on a service (Application Auto Scaling PutScheduledAction,
// PutScalingPolicy, RegisterScalableTarget; EC2 Auto Scaling PutScheduledUpdateGroupAction) is
// configuration: it acts later, when the autoscaler carries it out. So is when a job runs: an
// EventBridge Scheduler schedule created or updated (CreateSchedule, UpdateSchedule) or an
// EventBridge rule put (PutRule, its schedule expression or event pattern). And what a Lambda
// function is handed: its event source mappings (Create/Update/DeleteEventSourceMapping: enabled or
// not, batch size, filter criteria), named by the function's name. And a managed cache's or
// database's parameters (ElastiCache ModifyCacheParameterGroup, RDS ModifyDBParameterGroup and
// ModifyDBClusterParameterGroup: its eviction policy, its limits).
// A process announcing its reload (CoreDNS's `[INFO] Reloading`, systemd's `Reloading.`) is also one,
// and so is a configuration file it reloads (`formats.yaml changed on disk, reloading`: how a
// mounted Kubernetes ConfigMap's update reaches the process).
// A feature flag changed, as the flag service records it (`flag.updated`, the event names of flag
// services' audit logs) or as a service says it picked the change up ("feature flags refreshed").
// A secret's new value is a configuration change of whoever uses it: Secrets Manager's
// RotateSecret, PutSecretValue and UpdateSecret calls, and the steps of its rotation function
// templates that set the new password and make it current (`setSecret: Successfully set password
// for user …`, `finishSecret: Successfully set AWSCURRENT stage to version …`; the masking read
// `Secret: Successfully` as a secret's value, so its marker may stand for the word).
const CONFIG_FILE = String.raw`\b[\w.-]+\.(?:ya?ml|json|toml|ini|conf|cfg|properties)\b`;
const CONFIG = new RegExp(
  String.raw`\b(?:config(?:uration)? (?:reload(?:ed)?|change[sd]?|updated|applied)|(?<!(?:failed|unable|could not|cannot) to )update[ds]? (?:the )?config(?:uration)?|reload(?:ed|ing) (?:config|configuration|settings)|reload(?:ed|ing) (?:the )?(?:TLS |x509 |server )?(?:certificates?|certs?|key ?pairs?|keystore|truststore)|configuration_reload|feature flags? (?:changed|updated|toggled|enabled|disabled|reloaded|refreshed)|\bflags?[._](?:updated|changed|toggled)|SIGHUP|PutParameter|UpdateConfiguration|UpdateFunctionConfiguration\w*|settings (?:changed|updated)|PutScheduledAction|PutScheduledUpdateGroupAction|(?:Create|Update)Schedule|PutRule|ModifyCacheParameterGroup|ModifyDB(?:Cluster)?ParameterGroup|(?:Create|Update|Delete)EventSourceMapping\w*|PutScalingPolicy|RegisterScalableTarget|UpdateUsagePlan|PutFunctionConcurrency|(?:Put|Delete)BucketEncryption|DisableKey|ScheduleKeyDeletion|RotateSecret|PutSecretValue|UpdateSecret)\b|\b(?:setSecret|finishSecret):\s*(?:Successfully|\[REDACTED:[\w-]+\]) set (?:password for user|AWSCURRENT stage)\b|(?:^|\]\s*)Reloading\b|${CONFIG_FILE}[^\n]{0,80}\breload(?:ed|ing)?\b|\breload(?:ed|ing)?\b[^\n]{0,40}${CONFIG_FILE}`,
  'i',
);
// S3's bucket ACL, public access block and ownership calls decide who may use the bucket too.
const POLICY =
  /\b(?:Put(?:Role|User|Group|Bucket)Policy|DeleteBucketPolicy|PutBucketAcl|PutPublicAccessBlock|PutBucketOwnershipControls|AttachRolePolicy|DetachRolePolicy|DeleteRolePolicy|UpdateAssumeRolePolicy|AuthorizeSecurityGroup\w*|RevokeSecurityGroup\w*|(?:Create|Replace|Delete)NetworkAclEntry|ReplaceNetworkAclAssociation|PutKeyPolicy|ModifyDBInstance)\b/;
// Kubernetes' HorizontalPodAutoscaler reports each rescale as "New size: N; reason: …".
const SCALE = /\b(?:scaled? (?:up|down|in|out)|desired count|autoscal|New size: \d+)/i;

/**
 * Any of the words the patterns above and kubectl's result words look for, in any case: a line
 * without one announces no change, and most lines are such lines, so one scan settles them (POLICY
 * is matched case-insensitively here, which only lets more lines through to the exact tests).
 */
const ANY_CHANGE_WORD = new RegExp(
  [POLICY, CONFIG, DEPLOY, STARTING, SCALE, KUBECTL_RESULT_WORD]
    .map((pattern) => `(?:${pattern.source})`)
    .join('|'),
  'i',
);

function versionOf(text: string, service: string): string | undefined {
  const named = namedVersion(text, service);
  if (named) return named;
  const m = VERSION.exec(text);
  return m ? (m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
}

const AFTER_NAME = /^[ @:/=-]+v?(\d+\.\d+\.\d+(?:[-+][\w.]+)?)\b/;

/**
 * The version written right after the service's own name (`listen-bff 4.12.0 starting`,
 * `ledger@2.3.1`): the service's, not that of a runtime it names later (`node v20.15.1`).
 */
function namedVersion(text: string, service: string): string | undefined {
  if (service.length < 3) return undefined;
  const at = text.toLowerCase().indexOf(service.toLowerCase());
  if (at < 0) return undefined;
  return AFTER_NAME.exec(text.slice(at + service.length, at + service.length + 40))?.[1];
}

// Structured loggers put the version beside the message (`"msg":"starting","version":"v3.2.0"`).
const VERSION_FIELDS = [
  'version',
  'app_version',
  'appVersion',
  'service_version',
  'serviceVersion',
  'release',
];
const VERSION_VALUE = /^v?(\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?)$/;

function versionField(record: LogRecord): string | undefined {
  const fields = record.fields;
  if (!fields) return undefined;
  for (const key of VERSION_FIELDS) {
    const value = fields[key];
    const m = typeof value === 'string' ? VERSION_VALUE.exec(value.trim()) : null;
    if (m) return m[1];
  }
  return imageVersion(fields);
}

/** A CloudTrail record's fields (undefined for other lines). */
export function cloudTrailFields(record: LogRecord): Record<string, unknown> | undefined {
  return record.style === 'cloudtrail' ? record.fields : undefined;
}

/** A CloudTrail call's request parameters (empty for other lines, and for calls without any). */
export function cloudTrailParams(record: LogRecord): Record<string, unknown> {
  const params = cloudTrailFields(record)?.requestParameters;
  return isRecord(params) ? params : {};
}

/** A CloudTrail call's event name (undefined for other lines). */
export function cloudTrailEvent(record: LogRecord): string | undefined {
  const name = cloudTrailFields(record)?.eventName;
  return typeof name === 'string' ? name : undefined;
}

/** Whether the service refused the call CloudTrail records (it carries an `errorCode`). */
function refused(record: LogRecord): boolean {
  return typeof cloudTrailFields(record)?.errorCode === 'string';
}

/**
 * The service a CloudTrail call changed (ECS UpdateService's `service`, Lambda's `functionName`,
 * Application Auto Scaling's `resourceId` such as `service/CLUSTER/NAME`, an ARN's last segment):
 * the change belongs to it, not to the trail's log group.
 */
function changedService(record: LogRecord): string | undefined {
  // A Kubernetes controller's reconcile log (controller-runtime's keys `controllerKind`, `name`)
  // is about the object it reconciles: a HelmRelease or Deployment named after its workload.
  const reconciled = record.fields?.controllerKind !== undefined ? record.fields?.name : undefined;
  if (typeof reconciled === 'string' && reconciled.trim() !== '') return reconciled.trim();
  const params = cloudTrailParams(record);
  // `name`: the resource many calls create or update by name (an EventBridge rule, a Scheduler schedule).
  for (const key of ['service', 'functionName', 'resourceId', 'bucketName', 'keyId', 'tableName', 'name']) {
    const value = params[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const name = value.trim();
    // arn:aws:lambda:…:function:NAME[:QUALIFIER]; arn:aws:ecs:…:service/CLUSTER/NAME; or the name itself.
    const lambda = /:function:([^:]+)/.exec(name);
    return lambda?.[1] ?? (name.split(/[/:]/).pop() || undefined);
  }
  return undefined;
}

/**
 * The IAM role, user or group whose permissions a CloudTrail call changed (Put/Attach/Detach/
 * DeleteRolePolicy's `roleName`, and the user and group calls' `userName`, `groupName`): only the
 * service that acts as that principal gains or loses what the policy allows.
 */
const PRINCIPAL_KEYS = [
  ['roleName', 'iam-role'],
  ['userName', 'iam-user'],
  ['groupName', 'iam-group'],
] as const;

function principalChanged(record: LogRecord): ChangeTarget | undefined {
  if (cloudTrailFields(record)?.eventSource !== 'iam.amazonaws.com') return undefined;
  const params = cloudTrailParams(record);
  for (const [key, resource] of PRINCIPAL_KEYS) {
    const name = stringField(params, key);
    if (name !== undefined && name.trim() !== '') return { resource, name: name.trim() };
  }
  return undefined;
}

/**
 * A DynamoDB table's capacity mode or provisioned throughput changed (UpdateTable, as CloudTrail
 * records the call: its name alone, which the service's own error text also uses to advise one).
 */
function isCapacityCall(record: LogRecord): boolean {
  return cloudTrailEvent(record) === 'UpdateTable' && !refused(record);
}

/**
 * A release as an AWS service announces it through an EventBridge rule, read from the event's
 * fields whatever its text: an ECS service deployment starting (ECS Developer Guide, "Amazon ECS
 * service deployment state change events", SERVICE_DEPLOYMENT_IN_PROGRESS) or a CodeDeploy
 * deployment starting (CodeDeploy User Guide, "Monitor deployments with Amazon EventBridge", state
 * START). The service is the one the event is about (the aws-event style's resource).
 */
function isAwsRelease(record: LogRecord): boolean {
  const event = serviceEvent(record);
  if (!event) return false;
  const { source, detailType, detail } = event;
  const { eventName, state } = detail;
  return (
    (source === 'aws.ecs' &&
      detailType === 'ECS Deployment State Change' &&
      eventName === 'SERVICE_DEPLOYMENT_IN_PROGRESS') ||
    (source === 'aws.codedeploy' &&
      detailType === 'CodeDeploy Deployment State-change Notification' &&
      state === 'START')
  );
}

/**
 * A configuration change RDS announces of one of its instances or clusters through an EventBridge
 * rule: an event of the category "configuration change" (RDS User Guide, "Amazon RDS event
 * categories and event messages": a parameter updated, the instance class or storage modified, a
 * security group added). It belongs to the instance the event is about (the aws-event style's resource).
 */
function isRdsConfigChange(record: LogRecord): boolean {
  const event = serviceEvent(record);
  if (event?.source !== 'aws.rds') return false;
  const categories = Array.isArray(event.detail.EventCategories) ? event.detail.EventCategories : [];
  return categories.some((c) => typeof c === 'string' && c.toLowerCase() === 'configuration change');
}

/**
 * A secret's value changed in AWS Secrets Manager, as CloudTrail records it: a rotation that
 * completed (the service event RotationSucceeded, with the secret's ARN in its details) or a call
 * that sets a new value (RotateSecret, PutSecretValue, UpdateSecret with their `secretId`), or the
 * call that makes a version the current one (UpdateSecretVersionStage: a rotation's finishSecret
 * step moves AWSCURRENT). The services reading it get a new credential. The secret's name is the
 * ARN's without the six characters Secrets Manager appends (`…:secret:prod/signer/api-key-Ab12Cd`).
 */
const SECRET_CHANGES = new Set([
  'RotationSucceeded',
  'RotateSecret',
  'PutSecretValue',
  'UpdateSecret',
  'UpdateSecretVersionStage',
]);

function secretChanged(record: LogRecord): ChangeTarget | undefined {
  const fields = cloudTrailFields(record);
  if (fields?.eventSource !== 'secretsmanager.amazonaws.com') return undefined;
  if (!SECRET_CHANGES.has(cloudTrailEvent(record) ?? '') || refused(record)) return undefined;
  const details = isRecord(fields.serviceEventDetails) ? fields.serviceEventDetails : {};
  const id =
    stringField(cloudTrailParams(record), 'secretId') ?? stringField(details, 'secret_arn', 'secretArn');
  const arn = id === undefined ? undefined : /:secret:(.+?)(?:-[A-Za-z0-9]{6})?$/.exec(id);
  const name = arn ? arn[1] : id;
  return name ? { resource: 'secret', name } : undefined;
}

/**
 * The kubelet pulling a pod's image (events Pulling `Pulling image "…"` and Pulled `Successfully
 * pulled image "…"`) names the version the pod will run: its tag, as written. Not a change by
 * itself (a node may just lack the image); a rollout's new replica set takes its version from it.
 */
const PULLING = /^(?:Pulling|Successfully pulled) image "([^"\s]+)"/;

function pulledVersion(record: LogRecord, text: string): string | undefined {
  if (record.style !== 'k8s-event') return undefined;
  const image = PULLING.exec(text)?.[1];
  return image === undefined ? undefined : versionOfImage(image);
}

/**
 * The Vertical Pod Autoscaler setting a pod's CPU and memory requests and limits anew: its updater
 * evicts the pod so that its admission controller recreates it with the recommendation (event
 * reason EvictedByVPA, "Pod was evicted by VPA Updater to apply resource recommendation."), or
 * resizes it in place (InPlaceResizedByVPA); kubernetes/autoscaler, vertical-pod-autoscaler.
 * The pod's resources are its configuration: a change to it, not a restart.
 */
const VPA_REASONS: ReadonlySet<unknown> = new Set(['EvictedByVPA', 'InPlaceResizedByVPA']);

function resourcesResized(record: LogRecord): boolean {
  return record.style === 'k8s-event' && VPA_REASONS.has(record.fields?.reason);
}

/**
 * A change the line announces: a deploy, a (re)start with a version, a configuration reload, a
 * permission or network policy change (CloudTrail), a scaling action. Null for ordinary lines.
 */
export function detectChange(record: LogRecord): ChangeEvent | null {
  const text = record.message.length > 1000 ? record.message.slice(0, 1000) : record.message;
  const line = { at: record.at, service: record.service, description: text, record };
  if (isAwsRelease(record)) return { ...line, kind: 'deploy' };
  // A task starting runs a revision: not a release by itself, it says what a deployment rolled out.
  const started = startedTaskRevision(record);
  if (started) return { ...line, kind: 'restart', version: started };
  // The scheduler placing a pod on a node (kube-scheduler's Scheduled event): a pod starting there.
  if (record.style === 'k8s-event' && record.fields?.reason === 'Scheduled')
    return { ...line, kind: 'restart' };
  if (record.style === 'k8s-event' && record.fields?.reason === 'Evicted' && record.fields?.type === 'Normal')
    return { ...line, kind: 'restart', planned: true };
  if (isRdsConfigChange(record)) return { ...line, kind: 'config' };
  if (resourcesResized(record)) return { ...line, kind: 'config' };
  const secret = secretChanged(record);
  if (secret) return { ...line, kind: 'config', target: secret };
  if (isCapacityCall(record))
    return { ...line, kind: 'config', service: changedService(record) ?? record.service };
  const audited = auditLogChange(record);
  if (audited) return { ...line, ...audited };
  const pulled = pulledVersion(record, text);
  if (pulled) return { ...line, kind: 'restart', version: pulled };
  if (!ANY_CHANGE_WORD.test(text)) return null;
  const applied = kubectlResult(record, text);
  if (applied) return { ...line, ...applied };
  const base = { ...line, service: changedService(record) ?? record.service };
  if (POLICY.test(text)) {
    const principal = principalChanged(record);
    return principal ? { ...base, kind: 'policy', target: principal } : { ...base, kind: 'policy' };
  }
  if (CONFIG.test(text)) return { ...base, kind: 'config' };
  const version =
    versionOf(text, base.service) ??
    versionField(record) ??
    taskRevision(stringField(cloudTrailParams(record), 'taskDefinition'));
  if (DEPLOY.test(text) && !SCALE.test(text))
    return version ? { ...base, kind: 'deploy', version } : { ...base, kind: 'deploy' };
  if (STARTING.test(text) && version) return { ...base, kind: 'deploy', version, startOnly: true };
  if (STARTING.test(text) && record.style !== 'access') return { ...base, kind: 'restart' };
  if (SCALE.test(text)) return { ...base, kind: 'scale' };
  return null;
}
