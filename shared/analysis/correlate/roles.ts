import type { ServiceRole } from '../../domain/service-role.ts';

const BY_NAME: [RegExp, ServiceRole][] = [
  [/gateway|ingress|proxy|nginx|envoy|\balb\b|\belb\b|edge|traefik|haproxy|api-gw|apigw/, 'gateway'],
  [/redis|memcache|cache|elasticache|valkey/, 'cache'],
  [/postgres|\bpg\b|mysql|mariadb|aurora|\brds\b|\bdb\b|-db\b|^db-|database|dynamo|mongo|cassandra|sql/, 'database'],
  [/rabbit|kafka|\bsqs\b|\bsns\b|queue|\bmq\b|-mq\b|broker|nats|kinesis|pubsub|amqp/, 'queue'],
  [/\bdns\b|coredns|kube-dns|resolver|route53/, 'dns'],
  [/stripe|paypal|adyen|twilio|sendgrid|external|third-?party|partner|vendor/, 'external'],
  [/\bs3\b|storage|bucket|\befs\b|blob/, 'storage'],
  [/worker|job|consumer|processor|cron|batch|scheduler|reconcil|sender|publisher|indexer|etl/, 'worker'],
  [/frontend|\bweb\b|-web\b|^web-|\bui\b|page|site|portal|storefront/, 'frontend'],
  [/api|service|svc|server|backend|app|auth|limiter/, 'api'],
];

/**
 * The part a service plays, inferred from its name, its log groups and the styles of its lines:
 * a PostgreSQL log is a database's, an access log is a gateway's (or its web tier's).
 */
export function inferRole(service: string, logGroups: Iterable<string>, styles: Iterable<string>): ServiceRole {
  const name = service.toLowerCase();
  for (const [pattern, role] of BY_NAME) if (pattern.test(name)) return role;
  const groups = [...logGroups].join(' ').toLowerCase();
  if (/\/aws\/rds\/|postgres|mysql/.test(groups)) return 'database';
  if (/elasticache|redis/.test(groups)) return 'cache';
  const styleSet = new Set(styles);
  if (styleSet.has('postgres')) return 'database';
  if (styleSet.has('redis')) return 'cache';
  if (styleSet.has('kafka')) return 'queue';
  if (styleSet.has('access')) return 'gateway';
  if (/\/aws\/lambda\//.test(groups)) return 'api';
  return 'unknown';
}
