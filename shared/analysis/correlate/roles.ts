import type { ServiceRole } from '../../domain/service-role.ts';

// Matched against the name's parts (split at - _ . /), so "ledger-db" is a database, not an "edge".
const BY_NAME: [RegExp, ServiceRole][] = [
  [/^(?:gateway|gw|ingress|proxy|nginx|envoy|alb|elb|edge|traefik|haproxy|apigw|lb)$/, 'gateway'],
  [/^(?:redis|memcache|memcached|cache|elasticache|valkey)$/, 'cache'],
  [
    /^(?:postgres|postgresql|pg|mysql|mariadb|aurora|rds|db|database|dynamo|dynamodb|mongo|mongodb|cassandra|sql)$/,
    'database',
  ],
  [/^(?:rabbit|rabbitmq|kafka|sqs|sns|queue|mq|broker|nats|kinesis|pubsub|amqp)$/, 'queue'],
  [/^(?:dns|coredns|resolver|route53)$/, 'dns'],
  [/^(?:stripe|paypal|adyen|twilio|sendgrid|external|thirdparty|partner|vendor)$/, 'external'],
  [/^(?:s3|storage|bucket|efs|blob)$/, 'storage'],
  [
    /^(?:worker|job|jobs|consumer|processor|cron|batch|scheduler|reconcile|reconciler|sender|publisher|indexer|etl)$/,
    'worker',
  ],
  [/^(?:frontend|web|ui|page|site|portal|storefront)$/, 'frontend'],
  [/^(?:api|service|svc|server|backend|app|auth|limiter)$/, 'api'],
];

/** Roles a client names its dependency by (`not found in cache`, `the database refused`): one of each is usual. */
const NAMED_KINDS: ReadonlySet<ServiceRole> = new Set(['cache', 'database', 'queue', 'dns', 'storage']);

/** The kinds of dependency a text names by their words (`cache`, `redis`, `db`), as service names use them. */
export function kindsNamed(text: string): Set<ServiceRole> {
  const found = new Set<ServiceRole>();
  for (const word of new Set(text.toLowerCase().split(/[^a-z0-9]+/)))
    for (const [pattern, role] of BY_NAME) if (NAMED_KINDS.has(role) && pattern.test(word)) found.add(role);
  return found;
}

/**
 * The part a service plays, inferred from its name, its log groups and the styles of its lines:
 * a PostgreSQL log is a database's, an access log is a gateway's (or its web tier's).
 */
export function inferRole(
  service: string,
  logGroups: Iterable<string>,
  styles: Iterable<string>,
): ServiceRole {
  const parts = service.toLowerCase().split(/[-_./]+/);
  for (const [pattern, role] of BY_NAME) if (parts.some((p) => pattern.test(p))) return role;
  return roleWhereWritten(logGroups, styles);
}

/**
 * The part a service plays by where and how its lines were written, whatever its name: a
 * PostgreSQL log is a database's, an access log is a gateway's.
 */
export function roleWhereWritten(logGroups: Iterable<string>, styles: Iterable<string>): ServiceRole {
  const groups = [...logGroups].join(' ').toLowerCase();
  if (/\/aws\/rds\/|postgres|mysql/.test(groups)) return 'database';
  if (/elasticache|redis/.test(groups)) return 'cache';
  const styleSet = new Set(styles);
  if (styleSet.has('postgres') || styleSet.has('mysql')) return 'database';
  if (styleSet.has('redis')) return 'cache';
  if (styleSet.has('kafka')) return 'queue';
  if (styleSet.has('access')) return 'gateway';
  if (/\/aws\/lambda\//.test(groups)) return 'api';
  return 'unknown';
}

/**
 * The part a resource plays, from the CloudWatch namespace AWS publishes its metrics under (the
 * "AWS services that publish CloudWatch metrics" table): a table, an instance, a cache cluster, a
 * queue or stream, a bucket. Unknown for compute and for namespaces of one's own.
 */
const NAMESPACE_ROLES: Readonly<Record<string, ServiceRole>> = {
  'AWS/DynamoDB': 'database',
  'AWS/RDS': 'database',
  'AWS/DocDB': 'database',
  'AWS/Neptune': 'database',
  'AWS/ElastiCache': 'cache',
  'AWS/MemoryDB': 'cache',
  'AWS/SQS': 'queue',
  'AWS/SNS': 'queue',
  'AWS/Kinesis': 'queue',
  'AWS/Firehose': 'queue',
  'AWS/Kafka': 'queue',
  'AWS/AmazonMQ': 'queue',
  'AWS/S3': 'storage',
  'AWS/EFS': 'storage',
  'AWS/EBS': 'storage',
};

export function roleOfNamespace(namespace: string): ServiceRole {
  return NAMESPACE_ROLES[namespace] ?? 'unknown';
}

/**
 * The part a resource that writes no logs plays: what its name says, else what the namespace of
 * its metrics says.
 */
export function roleOfResource(service: string, namespace: string | undefined): ServiceRole {
  const named = inferRole(service, [], []);
  return named !== 'unknown' || namespace === undefined ? named : roleOfNamespace(namespace);
}
