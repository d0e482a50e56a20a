import type { DependencyKind } from './context.ts';

/**
 * Commands against a database, cache or broker. They do not depend on where the services run,
 * so every platform may give them. Only PostgreSQL and MySQL are told apart for SQL.
 */
type Sql = 'postgres' | 'mysql';

export const sql = {
  activeQueries: (k: Sql): string =>
    k === 'postgres'
      ? "SELECT pid, state, query_start, now() - query_start AS running_for, left(query, 120) AS query FROM pg_stat_activity WHERE state <> 'idle' ORDER BY query_start LIMIT 20;"
      : "SELECT id, user, time, state, left(info, 120) AS query FROM information_schema.processlist WHERE command <> 'Sleep' ORDER BY time DESC LIMIT 20;",
  connectionsByClient: (k: Sql): string =>
    k === 'postgres'
      ? 'SELECT application_name, usename, state, count(*) AS connections, max(now() - state_change) AS oldest FROM pg_stat_activity GROUP BY 1, 2, 3 ORDER BY connections DESC;'
      : "SELECT user, substring_index(host, ':', 1) AS client, command, count(*) AS connections, max(time) AS oldest_s FROM information_schema.processlist GROUP BY 1, 2, 3 ORDER BY connections DESC;",
  closeIdle: (k: Sql): string =>
    k === 'postgres'
      ? "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '<app-user>' AND state IN ('idle', 'idle in transaction') AND now() - state_change > interval '10 minutes';"
      : "SELECT concat('KILL ', id, ';') FROM information_schema.processlist WHERE user = '<app-user>' AND command = 'Sleep' AND time > 600;",
  idleTimeout: (k: Sql): string =>
    k === 'postgres'
      ? "ALTER ROLE <app-user> SET idle_in_transaction_session_timeout = '60s';"
      : 'SET GLOBAL wait_timeout = 300;',
  activeByClient: (k: Sql): string =>
    k === 'postgres'
      ? "SELECT usename, application_name, count(*) AS running, max(now() - query_start) AS longest, left(min(query), 120) AS a_query FROM pg_stat_activity WHERE state = 'active' GROUP BY 1, 2 ORDER BY running DESC;"
      : "SELECT user, count(*) AS running, max(time) AS longest_s, left(min(info), 120) AS a_query FROM information_schema.processlist WHERE command = 'Query' GROUP BY user ORDER BY running DESC;",
  capRole: (k: Sql): string =>
    k === 'postgres'
      ? "ALTER ROLE <app-user> SET statement_timeout = '<timeout>';\nALTER ROLE <app-user> CONNECTION LIMIT <connections>;"
      : "ALTER USER '<app-user>'@'%' WITH MAX_USER_CONNECTIONS <connections>;",
  blockers: (k: Sql): string =>
    k === 'postgres'
      ? 'SELECT blocked.pid AS blocked_pid, blocking.pid AS blocking_pid, now() - blocking.xact_start AS blocking_for, left(blocking.query, 120) AS blocking_query FROM pg_stat_activity blocked JOIN pg_stat_activity blocking ON blocking.pid = ANY(pg_blocking_pids(blocked.pid));'
      : 'SELECT waiting_pid, blocking_pid, wait_age, left(blocking_query, 120) AS blocking_query FROM sys.innodb_lock_waits;',
  kill: (k: Sql): string =>
    k === 'postgres' ? 'SELECT pg_terminate_backend(<blocking_pid>);' : 'KILL <blocking_pid>;',
  lockTimeout: (k: Sql): string =>
    k === 'postgres'
      ? "ALTER ROLE <app-user> SET lock_timeout = '5s';"
      : 'SET GLOBAL innodb_lock_wait_timeout = 10;',
  explain: (k: Sql): string =>
    k === 'postgres' ? 'EXPLAIN (ANALYZE, BUFFERS) <slow-query>;' : 'EXPLAIN ANALYZE <slow-query>;',
  diskUsers: (k: Sql): string =>
    k === 'postgres'
      ? [
          'SELECT slot_name, active, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)) AS retained_wal FROM pg_replication_slots ORDER BY pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) DESC NULLS LAST;',
          'SELECT pg_size_pretty(sum(size)) AS pg_wal_size FROM pg_ls_waldir();',
          'SELECT archived_count, failed_count, last_failed_wal, last_failed_time FROM pg_stat_archiver;',
        ].join('\n')
      : 'SHOW BINARY LOGS;',
  freeDisk: (k: Sql): string =>
    k === 'postgres'
      ? "SELECT pg_drop_replication_slot('<inactive-slot>');"
      : "PURGE BINARY LOGS BEFORE '<datetime>';",
};

export function rdsStorage(db: string): string {
  return `aws rds modify-db-instance --db-instance-identifier ${db} --allocated-storage <new-size-gb> --max-allocated-storage <ceiling-gb> --apply-immediately`;
}

export const redis = {
  state: (host: string): string => `redis-cli -h ${host} cluster info\nredis-cli -h ${host} info replication`,
  fixSlots: (host: string): string => `redis-cli --cluster fix ${host}:6379`,
  events: (): string => 'aws elasticache describe-events --source-type replication-group --duration 120',
  multiAz: (group: string): string =>
    `aws elasticache modify-replication-group --replication-group-id ${group} --automatic-failover-enabled --multi-az-enabled --apply-immediately`,
};

export const memcachedStats = (host: string): string => `echo stats | nc ${host} 11211`;

export const rabbitmq = {
  cluster: (): string => 'rabbitmqctl cluster_status',
  queues: (): string => 'rabbitmqctl list_queues name messages_ready messages_unacknowledged consumers',
  startNode: (): string => 'rabbitmqctl start_app\nrabbitmqctl await_startup',
  partitionMode: (): string => "rabbitmqctl eval 'application:get_env(rabbit, cluster_partition_handling).'",
};

export const kafka = {
  lag: (): string =>
    'kafka-consumer-groups.sh --bootstrap-server <bootstrap-server> --describe --group <consumer-group>',
  underReplicated: (): string =>
    'kafka-topics.sh --bootstrap-server <bootstrap-server> --describe --under-replicated-partitions',
};

export const sqs = {
  depth: (): string =>
    'aws sqs get-queue-attributes --queue-url <queue-url> --attribute-names ApproximateNumberOfMessages ApproximateAgeOfOldestMessage',
  deadLetter: (): string =>
    `aws sqs set-queue-attributes --queue-url <queue-url> --attributes '{"RedrivePolicy":"{\\"deadLetterTargetArn\\":\\"<dlq-arn>\\",\\"maxReceiveCount\\":\\"5\\"}"}'`,
};

export const dynamodb = {
  onDemand: (table: string): string =>
    `aws dynamodb update-table --table-name ${table} --billing-mode PAY_PER_REQUEST`,
  hotKeys: (table: string): string =>
    `aws dynamodb update-contributor-insights --table-name ${table} --contributor-insights-action ENABLE`,
};

/** The backlog depth command of a broker, when the broker is known. */
export function backlogCommand(kind: DependencyKind | null): string | undefined {
  if (kind === 'kafka') return kafka.lag();
  if (kind === 'rabbitmq') return rabbitmq.queues();
  if (kind === 'sqs') return sqs.depth();
  return undefined;
}
