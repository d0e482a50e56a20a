import type { LogRecord } from '../../../domain/log-event.ts';
import { isRecord, stringField } from '../../parse/text.ts';
import { kubernetesMetadata } from './shipper-metadata.ts';

const TAG_VERSION = /^v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/;

/** An image reference's tag (`registry/repo:v4.12.0@sha256:…` → `v4.12.0`), as written, when it is a version. */
export function versionOfImage(image: string): string | undefined {
  const tag = image.split('@')[0]?.split('/').pop()?.split(':')[1];
  return tag !== undefined && TAG_VERSION.test(tag) ? tag : undefined;
}

/**
 * The version a workload object runs (a Deployment's, StatefulSet's or DaemonSet's pod template,
 * a Pod's spec): the image tag of its container named as the object, else of its first container
 * whose tag is a version.
 */
export function workloadVersion(object: unknown, name: string): string | undefined {
  if (!isRecord(object) || !isRecord(object.spec)) return undefined;
  const template = isRecord(object.spec.template) ? object.spec.template : undefined;
  const podSpec = template && isRecord(template.spec) ? template.spec : object.spec;
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers.filter(isRecord) : [];
  const versioned = containers
    .map((c) => ({ name: stringField(c, 'name'), version: versionOfImage(stringField(c, 'image') ?? '') }))
    .filter((c) => c.version !== undefined);
  return (versioned.find((c) => c.name === name) ?? versioned[0])?.version;
}

/**
 * The tag of the image the line's container runs, from the metadata its log shipper adds (Fluent
 * Bit's kubernetes filter: `kubernetes.container_image`), when the tag is a version.
 */
export function imageVersion(fields: LogRecord['fields']): string | undefined {
  const image = kubernetesMetadata(fields)?.container_image;
  return typeof image === 'string' ? versionOfImage(image) : undefined;
}
