import type { Collected } from '../collect/index.ts';
import { withoutMarkers } from '../redact/kinds.ts';
import { imageVersion } from './changes/image-version.ts';
import { namespaceOf } from './changes/shipper-metadata.ts';

/** The templates of every line a service wrote, routine and failing, one a line: what its own lines name. */
export function ownLines(collected: Collected, service: string): string {
  return collected.patterns
    .filter((p) => p.service === service)
    .map((p) => p.template)
    .join('\n');
}

/** The Kubernetes namespaces a service's lines were shipped from, when their shipper says. */
export function ownNamespaces(collected: Collected, service: string): Set<string> {
  const namespaces = new Set<string>();
  for (const p of collected.patterns) {
    const namespace = p.service === service && p.firstRecord ? namespaceOf(p.firstRecord) : undefined;
    if (namespace) namespaces.add(namespace);
  }
  return namespaces;
}

/**
 * The image versions a service's lines say its containers ran (their shipper's
 * `kubernetes.container_image`), each with the time of the earliest line that says so.
 */
export function ownVersions(collected: Collected, service: string): Map<string, number> {
  const versions = new Map<string, number>();
  for (const p of collected.patterns) {
    const first = p.service === service ? p.firstRecord : undefined;
    const version = first ? imageVersion(first.fields) : undefined;
    if (!first || !version) continue;
    versions.set(version, Math.min(versions.get(version) ?? first.at, first.at));
  }
  return versions;
}

/** A resource's name as lines print it: words joined by `.`, `-` or `_` (`menu.items.v1`, `orders-dlq`). */
const RESOURCE_NAME = /^[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)+$/;
const MIN_RESOURCE_CHARS = 6;
/** Where, not what: an AWS Region or Availability Zone code (`eu-west-2`, `us-east-1a`) names no resource. */
const PLACE = /^[a-z]{2}(?:-gov)?-[a-z]+-\d[a-z]?$/;

function resourceName(word: string): boolean {
  return (
    word.length >= MIN_RESOURCE_CHARS &&
    word.length <= 120 &&
    RESOURCE_NAME.test(word) &&
    /[a-z]{3}/i.test(word) &&
    !PLACE.test(word)
  );
}

/**
 * The names of things each service's own lines print (a topic, a queue, a table, a bucket):
 * compound identifiers in its templates and in the string fields of its structured lines, less
 * those more than two services print (an environment's, a cluster's: shared by all, they tie no
 * two together).
 */
export function ownResourceNames(collected: Collected): Map<string, Set<string>> {
  const byService = new Map<string, Set<string>>();
  for (const p of collected.patterns) {
    if (p.errorLike) continue;
    const names = byService.get(p.service) ?? new Set<string>();
    // A masked value's marker (`[REDACTED:ip-address]`) is the masking's word, not the line's.
    const text = withoutMarkers(p.template);
    for (const word of text.split(/[\s"'=:,;()[\]{}<>*]+/)) if (resourceName(word)) names.add(word);
    for (const value of Object.values(p.firstRecord?.fields ?? {}))
      if (typeof value === 'string' && resourceName(value)) names.add(value);
    byService.set(p.service, names);
  }
  const printedBy = new Map<string, number>();
  for (const names of byService.values())
    for (const n of names) printedBy.set(n, (printedBy.get(n) ?? 0) + 1);
  for (const names of byService.values())
    for (const n of names) if ((printedBy.get(n) ?? 0) > 2) names.delete(n);
  return byService;
}
