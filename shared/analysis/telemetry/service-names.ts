/**
 * Which service a metric or a trace segment belongs to, in the names the logs use. Metric
 * dimensions name resources many ways (a pod with its replica hash, an ECS cluster/service pair, a
 * load balancer's ARN suffix, a database instance); each is reduced to a service name and matched
 * onto the log services where one corresponds.
 */
import { withoutOrdinal, withoutPodHash } from '../parse/pod-name.ts';

/** Dimensions that name the service itself, most specific first. */
const SERVICE_DIMENSIONS = [
  'ServiceName',
  'Service',
  'FunctionName',
  'DBInstanceIdentifier',
  'DBClusterIdentifier',
  'CacheClusterId',
  'ReplicationGroupId',
  'QueueName',
  'TopicName',
  'TableName',
  'StreamName',
  'DeliveryStreamName',
  'StateMachineArn',
  'ApiName',
  'BucketName',
  'DomainName',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'PodName',
  'ContainerName',
  'TaskDefinitionFamily',
  'TargetGroup',
  'LoadBalancer',
  'AutoScalingGroupName',
  'InstanceId',
] as const;

/** The raw service name a metric's dimensions point at, or null (a node, a cluster, no dimension). */
export function serviceOfDimensions(dimensions: Readonly<Record<string, string>>): string | null {
  for (const name of SERVICE_DIMENSIONS) {
    const value = dimensions[name];
    if (value === undefined || value.trim() === '') continue;
    return resourceName(name, value.trim());
  }
  return null;
}

/**
 * An ElastiCache node's id: its replication group's, then the node group's four digits and the
 * node's three (`sessions-cache-0001-001`, cluster mode), or the node's three alone (`-002`).
 */
const CACHE_MEMBER = /-(?:\d{4}-)?\d{3}$/;

function resourceName(dimension: string, value: string): string {
  if (dimension === 'CacheClusterId') return value.replace(CACHE_MEMBER, '') || value;
  if (dimension === 'LoadBalancer' || dimension === 'TargetGroup') {
    // app/my-alb/50dc6c49..., targetgroup/my-tg/abc...
    const parts = value.split('/');
    return parts.length >= 2 ? (parts[1] as string) : value;
  }
  if (dimension === 'StateMachineArn' || value.startsWith('arn:')) {
    return value.split(/[:/]/).pop() || value;
  }
  return value;
}

function tokens(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/** Maps raw names onto the log services; memoised per instance. */
export class ServiceNamer {
  private readonly known: { name: string; lower: string; tokens: string[] }[];
  private readonly cache = new Map<string, string>();

  constructor(logServices: readonly string[]) {
    this.known = [...new Set(logServices)]
      .filter((s) => s.trim() !== '')
      .sort()
      .map((name) => ({ name, lower: name.toLowerCase(), tokens: tokens(name) }));
  }

  /** The log service this raw name corresponds to, else the raw name without pod hashes. */
  resolve(raw: string): string {
    const hit = this.cache.get(raw);
    if (hit !== undefined) return hit;
    const resolved = this.match(raw);
    this.cache.set(raw, resolved);
    return resolved;
  }

  private match(raw: string): string {
    const lower = raw.toLowerCase();
    const exact = this.known.find((k) => k.lower === lower);
    if (exact) return exact.name;
    const stripped = [withoutPodHash(lower), withoutOrdinal(lower)];
    for (const s of stripped) {
      const k = this.known.find((x) => x.lower === s);
      if (k) return k.name;
    }
    // A log service inside the raw name, the rest only decoration (prod-payments-worker-7f9c2).
    const rawTokens = tokens(raw);
    let best: { name: string; size: number } | null = null;
    for (const k of this.known) {
      if (k.tokens.length === 0 || k.tokens.length > rawTokens.length) continue;
      const at = runAt(rawTokens, k.tokens);
      if (at < 0) continue;
      const rest = [...rawTokens.slice(0, at), ...rawTokens.slice(at + k.tokens.length)];
      if (rest.every(isDecoration) && (!best || k.tokens.length > best.size)) {
        best = { name: k.name, size: k.tokens.length };
      }
    }
    if (best) return best.name;
    const podStripped = stripped[0] as string;
    return podStripped !== lower ? raw.slice(0, podStripped.length) : raw;
  }
}

function runAt(haystack: readonly string[], needle: readonly string[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const ENVIRONMENTS = new Set([
  'prod',
  'production',
  'prd',
  'staging',
  'stage',
  'stg',
  'dev',
  'test',
  'qa',
  'uat',
  'live',
  'main',
  'blue',
  'green',
  'canary',
  'svc',
  'service',
  'app',
  'default',
  // A target group named for its service (checkout-tg): the access log's side reads it the same way.
  'tg',
]);

/** Environment words, ordinals and hashes: what decorates a service name without changing it. */
function isDecoration(token: string): boolean {
  return ENVIRONMENTS.has(token) || /^\d+$/.test(token) || (/\d/.test(token) && /^[a-z0-9]{5,}$/.test(token));
}
