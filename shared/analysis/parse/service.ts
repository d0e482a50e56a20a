// Trailing log-group segments that name a log kind rather than the service (RDS, Container Insights…).
const GENERIC_SEGMENTS = new Set([
  'postgresql',
  'postgres',
  'mysql',
  'error',
  'general',
  'slowquery',
  'audit',
  'upgrade',
  'application',
  'app',
  'dataplane',
  'host',
  'performance',
  'cluster',
  'instance',
  'logs',
  'log',
  'containers',
  'stdout',
  'stderr',
  // ElastiCache's log types, the last segment of the groups it delivers them to.
  'slow-log',
  'engine-log',
  // The proxy or web server in front of a service logs under it (`/shop/prod/cart/nginx`): its
  // access and error logs are the service's, unless nothing else names one (`/ecs/nginx`).
  'access',
  'nginx',
  'envoy',
  'haproxy',
  'httpd',
  'apache2',
  'istio-proxy',
]);

const PLATFORM_SEGMENTS = new Set([
  'aws',
  'ecs',
  'eks',
  'k8s',
  'kubernetes',
  'containerinsights',
  'lambda',
  'vendedlogs',
]);

/** What a log group's name says: its service, and whether several services share it. */
interface GroupReading {
  service: string;
  shared: boolean;
}

const groupCache = new Map<string, GroupReading>();

function readGroup(logGroup: string): GroupReading {
  const cached = groupCache.get(logGroup);
  if (cached !== undefined) return cached;
  const group = logGroup.trim();
  const segments = group.split('/').filter((s) => s.length > 0);
  const lower = segments.map((s) => s.toLowerCase());
  const reading = {
    service: deriveService(group, segments),
    shared:
      lower.includes('containerinsights') ||
      lower.every((s) => GENERIC_SEGMENTS.has(s) || PLATFORM_SEGMENTS.has(s)),
  };
  if (groupCache.size >= 1000) groupCache.clear();
  groupCache.set(logGroup, reading);
  return reading;
}

/** The service a log group belongs to: `/ecs/payments-worker` → `payments-worker`, `/aws/rds/instance/ledger-db/postgresql` → `ledger-db`. */
export function serviceFromLogGroup(logGroup: string): string {
  return typeof logGroup === 'string' ? readGroup(logGroup).service : 'unknown';
}

/**
 * Whether several services write to the log group: none of its segments names one (`/ecs/app`,
 * `application`), or it is Container Insights' per-cluster application group
 * (`/aws/containerinsights/<cluster>/application`). A name inside a line may then tell them apart.
 */
export function sharedLogGroup(logGroup: string): boolean {
  return readGroup(logGroup).shared;
}

function deriveService(group: string, segments: readonly string[]): string {
  if (/cloudtrail/i.test(group)) return 'cloudtrail';
  if (segments.length === 0) return 'unknown';
  if (segments[0] === 'aws' && segments.length >= 3) {
    if (segments[1] === 'lambda' || segments[1] === 'apigateway' || segments[1] === 'codebuild') {
      return segments[2] ?? 'unknown';
    }
    if (
      (segments[1] === 'rds' || segments[1] === 'docdb' || segments[1] === 'neptune') &&
      segments.length >= 4
    ) {
      // /aws/rds/instance/<name>/<log>, /aws/rds/cluster/<name>/<log>, /aws/rds/proxy/<name>
      return segments[3] ?? 'unknown';
    }
    // The groups the OpenSearch Service console names for a domain's logs:
    // /aws/OpenSearchService/domains/<domain>/<application-logs|search-logs|index-logs|audit-logs>
    // (/aws/aes/domains/… under its former name, Amazon Elasticsearch Service).
    const product = segments[1]?.toLowerCase();
    if ((product === 'opensearchservice' || product === 'aes') && segments[2]?.toLowerCase() === 'domains')
      return segments[3] ?? 'unknown';
  }
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]?.toLowerCase();
    if (segment !== undefined && !GENERIC_SEGMENTS.has(segment) && !PLATFORM_SEGMENTS.has(segment)) {
      return segments[i] ?? 'unknown';
    }
  }
  return segments[segments.length - 1] ?? 'unknown';
}

const LIBRARY_LOGGERS = new Set([
  'root',
  'main',
  'app',
  'default',
  'kafkajs',
  'uvicorn',
  'gunicorn',
  'werkzeug',
  'sqlalchemy',
  'urllib3',
  'botocore',
  'boto3',
  'asyncio',
  'celery',
  'django',
  'flask',
  'express',
  'fastify',
  'pino',
  'winston',
  'console',
]);

/** Whether a `logger`/`app` value names a service rather than a module, class or library. */
export function looksLikeServiceName(value: string): boolean {
  if (value.length < 2 || value.length > 80) return false;
  if (!/^[a-z][a-z0-9_-]*$/i.test(value)) return false;
  return !LIBRARY_LOGGERS.has(value.toLowerCase());
}
