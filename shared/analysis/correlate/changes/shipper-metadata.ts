import type { LogRecord } from '../../../domain/log-event.ts';

/**
 * The Kubernetes metadata a log shipper adds to a container's line (Fluent Bit's kubernetes filter:
 * `kubernetes.pod_name`, `namespace_name`, `container_image`), at the top level or inside the
 * container envelope the line was unwrapped from.
 */
export function kubernetesMetadata(fields: LogRecord['fields']): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  const container = fields.container;
  const inner =
    typeof container === 'object' && container !== null
      ? (container as Record<string, unknown>).kubernetes
      : undefined;
  const meta = inner ?? fields.kubernetes;
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : undefined;
}

/** The namespace of the pod that wrote the line, when its shipper says. */
export function namespaceOf(record: LogRecord): string | undefined {
  const namespace = kubernetesMetadata(record.fields)?.namespace_name;
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}
