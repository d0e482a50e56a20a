import type { LogRecord } from '../../../domain/log-event.ts';
import { isRecord, stringField } from '../../parse/text.ts';

/**
 * The Kubernetes metadata a log shipper adds to a container's line (Fluent Bit's kubernetes filter:
 * `kubernetes.pod_name`, `namespace_name`, `container_image`), at the top level or inside the
 * container envelope the line was unwrapped from.
 */
export function kubernetesMetadata(fields: LogRecord['fields']): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  const container = fields.container;
  const meta = (isRecord(container) ? container.kubernetes : undefined) ?? fields.kubernetes;
  return isRecord(meta) ? meta : undefined;
}

/** The namespace of the pod that wrote the line, when its shipper says. */
export function namespaceOf(record: LogRecord): string | undefined {
  const namespace = kubernetesMetadata(record.fields)?.namespace_name;
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

/**
 * Where a log shipper says a container's line came from (Fluent Bit's kubernetes filter:
 * `kubernetes.host`, the node; `kubernetes.pod_name`), read from the container envelope the line
 * was unwrapped from only: a line's own top-level fields describe what it reports on.
 */
export function shippedFrom(record: LogRecord, key: 'host' | 'pod_name'): string | undefined {
  const container = record.fields?.container;
  const kubernetes = isRecord(container) && isRecord(container.kubernetes) ? container.kubernetes : undefined;
  return kubernetes ? stringField(kubernetes, key) : undefined;
}
