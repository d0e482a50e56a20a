import type { LogLevel } from '../../../domain/log-event.ts';
import { serviceFromPodName } from '../service.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { isRecord, stringField } from '../text.ts';
import { timestampFromValue } from '../timestamp.ts';

const ERROR_REASONS = new Set([
  'OOMKilling',
  'OOMKilled',
  'SystemOOM',
  'BackOff',
  'CrashLoopBackOff',
  'Failed',
  'FailedCreate',
  'FailedCreatePodSandBox',
  'FailedMount',
  'FailedAttachVolume',
  'FailedKillPod',
  'Evicted',
  'ErrImagePull',
  'ImagePullBackOff',
  'NodeNotReady',
  'BackoffLimitExceeded',
  'DeadlineExceeded',
]);
const WARN_REASONS = new Set([
  'Unhealthy',
  'ProbeWarning',
  'FailedScheduling',
  'Preempting',
  'EvictionThresholdMet',
  'NodeHasDiskPressure',
  'NodeHasMemoryPressure',
  'FailedGetResourceMetric',
  'FailedComputeMetricsReplicas',
]);
const WORKLOAD_KINDS = new Set([
  'Pod',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
]);

export function levelForEvent(type: string | undefined, reason: string | undefined): LogLevel {
  if (reason !== undefined && ERROR_REASONS.has(reason)) return 'ERROR';
  if (reason !== undefined && WARN_REASONS.has(reason)) return 'WARN';
  return type === 'Warning' ? 'WARN' : 'INFO';
}

function serviceForObject(kind: string | undefined, name: string | undefined): string | undefined {
  if (name === undefined || name.length === 0) return undefined;
  return kind === undefined || WORKLOAD_KINDS.has(kind) ? serviceFromPodName(name) : name;
}

/** The Event inside an object: itself (core/v1, events.k8s.io/v1) or eventrouter's `{"verb", "event"}` envelope. */
function eventOf(obj: Record<string, unknown>): Record<string, unknown> | undefined {
  const candidate = isRecord(obj.event) && obj.verb !== undefined ? obj.event : obj;
  const object = candidate.involvedObject ?? candidate.regarding;
  if (candidate.kind === 'Event' && isRecord(object)) return candidate;
  if (isRecord(object) && typeof candidate.reason === 'string') return candidate;
  return undefined;
}

/** A Kubernetes Event object: Warning → WARN, crash and OOM reasons → ERROR, service from the involved object. */
export function recogniseK8sEventObject(
  obj: Record<string, unknown>,
  ctx: LineContext,
): StyleMatch | undefined {
  const event = eventOf(obj);
  if (!event) return undefined;
  const involved = (isRecord(event.involvedObject) ? event.involvedObject : event.regarding) as Record<
    string,
    unknown
  >;
  const metadata = isRecord(event.metadata) ? event.metadata : {};
  const type = stringField(event, 'type');
  const reason = stringField(event, 'reason');
  const time =
    stringField(event, 'lastTimestamp', 'eventTime', 'deprecatedLastTimestamp', 'firstTimestamp') ??
    stringField(metadata, 'creationTimestamp');
  return {
    style: 'k8s-event',
    at: time === undefined ? undefined : timestampFromValue(time, ctx.eventMs),
    level: levelForEvent(type, reason),
    service: serviceForObject(stringField(involved, 'kind'), stringField(involved, 'name')),
    message: stringField(event, 'message', 'note') ?? reason ?? ctx.line,
    fields: obj,
  };
}

// `kubectl get events`: [NAMESPACE] LAST-SEEN TYPE REASON kind/name MESSAGE
const GET_EVENTS = /^(?:\S+\s+){0,2}?(Normal|Warning)\s+([A-Z][A-Za-z]+)\s+([a-z][\w.]*)\/([\w.-]+)\s+(.*)$/;
// `kubectl describe` Events table: TYPE REASON AGE FROM MESSAGE
const DESCRIBE_EVENTS =
  /^\s*(Normal|Warning)\s{2,}([A-Z][A-Za-z]+)\s{2,}(\S+(?: \(x\d+ over \S+\))?)\s{2,}(\S+)\s{2,}(.*)$/;

const KIND_BY_RESOURCE: Record<string, string> = {
  pod: 'Pod',
  replicaset: 'ReplicaSet',
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
  job: 'Job',
  node: 'Node',
};

/** Kubernetes events printed as text by kubectl. */
export function recogniseK8sEventText(ctx: LineContext): StyleMatch | undefined {
  const get = GET_EVENTS.exec(ctx.head);
  if (get) {
    const [, type, reason, resource, name, message] = get;
    const kind = KIND_BY_RESOURCE[(resource ?? '').toLowerCase()] ?? resource;
    return {
      style: 'k8s-event',
      level: levelForEvent(type, reason),
      service: serviceForObject(kind, name),
      message: message ?? '',
      fields: { type, reason, kind, name },
    };
  }
  const described = DESCRIBE_EVENTS.exec(ctx.head);
  if (described) {
    const [, type, reason, age, source, message] = described;
    return {
      style: 'k8s-event',
      level: levelForEvent(type, reason),
      message: message ?? '',
      fields: { type, reason, age, source },
    };
  }
  return undefined;
}
