import { serviceFromPodName } from '../pod-name.ts';
import { isRecord, stringField } from '../text.ts';
import { timestampFromValue } from '../timestamp.ts';

/** A container runtime's JSON wrapper around the application's own line (Fluent Bit, Docker json-file, FireLens). */
export interface ContainerEnvelope {
  inner: string;
  at: number | undefined;
  service: string | undefined;
  meta: Record<string, unknown>;
}

/**
 * The Job a pod runs for: the Job controller labels its pods with the Job's name
 * (`batch.kubernetes.io/job-name`, and `job-name` before Kubernetes 1.27), and a CronJob names each
 * Job it starts after itself and the scheduled time in minutes (`nightly-export-29384756`).
 * A Job's pods are a workload of their own (a migration, an export), whatever application labels
 * they share with the Deployment they serve.
 */
function jobOf(labels: Record<string, unknown>): string | undefined {
  const job = stringField(labels, 'batch.kubernetes.io/job-name', 'job-name');
  return job?.replace(/-\d{8,}$/, '');
}

function serviceFromKubernetes(kubernetes: Record<string, unknown>): string | undefined {
  const labels = isRecord(kubernetes.labels) ? kubernetes.labels : {};
  const job = jobOf(labels);
  if (job !== undefined) return job;
  const label = stringField(labels, 'app.kubernetes.io/name', 'app', 'k8s-app', 'name');
  if (label !== undefined) return label;
  const container = stringField(kubernetes, 'container_name');
  if (container !== undefined) return container;
  const pod = stringField(kubernetes, 'pod_name');
  return pod === undefined ? undefined : serviceFromPodName(pod);
}

/** The wrapper's other fields: everything but the line it carries. */
function without(obj: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (!keys.includes(key)) out[key] = value;
  return out;
}

/**
 * A systemd journal entry as a log shipper forwards it (journald's `MESSAGE` and `_SYSTEMD_UNIT`
 * fields, or Fluent Bit's lower-cased `message` and `systemd_unit`, as Container Insights ships a
 * node's kubelet and containerd logs): the unit's own line. Its service stays the log group's (the
 * node or cluster whose agent it is) unless the line names what it reports on.
 */
function unwrapJournalEntry(obj: Record<string, unknown>, reference: number): ContainerEnvelope | undefined {
  const inner = stringField(obj, 'message', 'MESSAGE');
  const unit = stringField(obj, 'systemd_unit', '_SYSTEMD_UNIT');
  if (inner === undefined || unit === undefined) return undefined;
  return {
    inner: inner.replace(/\r?\n$/, ''),
    at: timestampFromValue(obj.time ?? obj['@timestamp'], reference),
    service: undefined,
    meta: without(obj, 'message', 'MESSAGE'),
  };
}

/**
 * The line inside `{"log": "…", "stream": "stderr", "kubernetes": {…}}`-style wrappers, or inside
 * a forwarded journal entry; undefined for other objects.
 */
export function unwrapContainerEnvelope(
  obj: Record<string, unknown>,
  reference: number,
): ContainerEnvelope | undefined {
  const inner = obj.log;
  if (typeof inner !== 'string') return unwrapJournalEntry(obj, reference);
  const kubernetes = isRecord(obj.kubernetes) ? obj.kubernetes : undefined;
  const isWrapper = kubernetes !== undefined || 'stream' in obj || 'container_id' in obj || 'source' in obj;
  if (!isWrapper) return undefined;
  return {
    inner: inner.replace(/\r?\n$/, ''),
    at: timestampFromValue(obj.time ?? obj['@timestamp'] ?? obj.date, reference),
    service: kubernetes ? serviceFromKubernetes(kubernetes) : undefined,
    meta: without(obj, 'log'),
  };
}
