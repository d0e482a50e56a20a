import type { LogLevel } from '../../../domain/log-event.ts';
import { serviceFromPodName } from '../pod-name.ts';
import { looksLikeServiceName } from '../service.ts';
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

/**
 * A pod evicted through the Eviction API by a component that reports it as Normal (Karpenter's
 * consolidation, "Evicted pod: Underutilized"; a drain) was moved on purpose, with its disruption
 * budget respected: no failure. The kubelet reports its own node-pressure evictions as Warning.
 */
const PLANNED = new Set(['Evicted']);

export function levelForEvent(type: string | undefined, reason: string | undefined): LogLevel {
  if (reason !== undefined && PLANNED.has(reason) && type === 'Normal') return 'INFO';
  if (reason !== undefined && ERROR_REASONS.has(reason)) return 'ERROR';
  if (reason !== undefined && WARN_REASONS.has(reason)) return 'WARN';
  return type === 'Warning' ? 'WARN' : 'INFO';
}

function serviceForObject(kind: string | undefined, name: string | undefined): string | undefined {
  if (name === undefined || name.length === 0) return undefined;
  return kind === undefined || WORKLOAD_KINDS.has(kind) ? serviceFromPodName(name) : name;
}

/**
 * The Linux kernel's OOM killer names its victim (mm/oom_kill.c: `Killed process %d (%s) total-vm:…`),
 * and node-problem-detector's kernel monitor forwards that line as an `OOMKilling` event on the Node.
 * The process killed is what such an event reports on, not the node that hosted it. Its name is the
 * task's comm, at most 15 characters (TASK_COMM_LEN); a runtime's launcher (java, node, python3.12)
 * names no service.
 */
const KILLED_PROCESS = /\bKilled process \d+ \(([^()\s]{2,15})\)/;
const RUNTIME_LAUNCHER =
  /^(?:java|node|nodejs|deno|bun|dotnet|mono|beam\.smp|erl|(?:python|ruby|php|perl)[\d.]*|php-fpm[\d.]*|sh|bash|dash|sleep)$/i;

function killedProcess(message: string | undefined): string | undefined {
  const comm = message === undefined ? undefined : KILLED_PROCESS.exec(message)?.[1];
  return comm !== undefined && !RUNTIME_LAUNCHER.test(comm) && looksLikeServiceName(comm) ? comm : undefined;
}

/**
 * A pod the kubelet evicted because its node ran short of a resource (node-pressure eviction,
 * "The node was low on resource: inodes"): the event reports on the node, whose resource ran out,
 * not on the workload it happened to evict.
 */
const NODE_PRESSURE = /^The node was low on resource: /;

/** The service an event is about: its workload, or for a node's event the process it killed. */
function subjectOf(
  kind: string | undefined,
  name: string | undefined,
  message: string | undefined,
  node?: string,
) {
  if (node !== undefined && message !== undefined && NODE_PRESSURE.test(message)) return node;
  const victim = kind !== undefined && !WORKLOAD_KINDS.has(kind) ? killedProcess(message) : undefined;
  return victim ?? serviceForObject(kind, name);
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
  const message = stringField(event, 'message', 'note');
  const time =
    stringField(event, 'lastTimestamp', 'eventTime', 'deprecatedLastTimestamp', 'firstTimestamp') ??
    stringField(metadata, 'creationTimestamp');
  return {
    style: 'k8s-event',
    at: time === undefined ? undefined : timestampFromValue(time, ctx.eventMs),
    level: levelForEvent(type, reason),
    service: subjectOf(
      stringField(involved, 'kind'),
      stringField(involved, 'name'),
      message,
      isRecord(event.source) ? stringField(event.source, 'host') : undefined,
    ),
    message: message ?? reason ?? ctx.line,
    fields: obj,
  };
}

// `kubectl get events`: [NAMESPACE] LAST-SEEN [(xN over AGE)] TYPE REASON kind/name MESSAGE
const GET_EVENTS =
  /^(?:\S+\s+){0,2}?(?:\(x\d+ over \S+\)\s+)?(Normal|Warning)\s+([A-Z][A-Za-z]+)\s+([a-z][\w.]*)\/([\w.-]+)\s+(.*)$/;
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
      service: subjectOf(kind, name, message),
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
