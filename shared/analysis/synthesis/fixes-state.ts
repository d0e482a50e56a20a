import { isSql, rootIsWorkload } from './context.ts';
import { callersPhrase, type DraftFix, type FixBuilder, firstCaller } from './fix-draft.ts';
import { backlogCommand, memcachedStats, redis, sql, sqs } from './store-commands.ts';

export const lockFixes: FixBuilder = ({ c }) => {
  const r = c.root;
  const db = c.store ?? 'the database';
  const kind = isSql(c.storeKind) ? c.storeKind : 'postgres';
  const app = rootIsWorkload(c) ? r : (c.callerList ?? 'the application');
  // Whose work waits: the root's own, or, when others report the lock the root holds, theirs.
  const waiting = c.input.signalService ? (c.callerList ?? c.input.signalService) : app;
  return [
    {
      title: `Find the session that blocks the others on ${db}`,
      rationale: `${c.input.signalService ?? r} reports ${c.signal}: transactions wait on locks held by another transaction, usually one long-running or idle-in-transaction session at the head of the chain.`,
      action:
        'List each blocked session with the session that blocks it, and note what the head blocker runs and for how long.',
      command: sql.blockers(kind),
    },
    {
      title: `End the head blocker on ${db}`,
      rationale: `Ending the blocking session rolls back its transaction and releases its locks, so the waiting work of ${waiting} proceeds at once.`,
      action:
        'Terminate the head blocker found above (not the waiters); check first that it is not a migration that would have to be rerun.',
      command: sql.kill(kind),
    },
    {
      title: `Take locks in one order and keep transactions short in ${app}`,
      rationale:
        'Deadlocks come from two transactions locking the same rows in opposite orders; long transactions widen the window in which that happens.',
      action: `In ${app}, lock rows in a fixed order (e.g. by primary key), move remote calls out of transactions, and retry a transaction that fails with a deadlock (SQLSTATE 40P01, MySQL 1213) with backoff.`,
    },
    {
      title: `Bound lock waits on ${db}`,
      rationale: `Without a lock timeout a blocked transaction waits indefinitely while holding a connection, which spreads the block to ${callersPhrase(c)}.`,
      action:
        'Set a lock timeout for the application role, and run migrations with a short lock_timeout and CREATE INDEX CONCURRENTLY.',
      command: sql.lockTimeout(kind),
    },
  ];
};

export const cacheFixes: FixBuilder = ({ c }) => {
  const r = c.root;
  const cache = c.store ?? (c.input.rootRole === 'cache' ? r : null);
  const name = cache ?? 'the cache';
  const host = cache ?? '<redis-host>';
  const users = rootIsWorkload(c) ? r : (c.callerList ?? 'the services that use it');
  const readonly = /readonly/i.test(c.input.signal);
  if (c.storeKind === 'memcached') {
    return [
      {
        title: `Check the state of ${name}`,
        rationale: `${r} reports ${c.signal}; the node's stats show whether it is up, evicting, or out of connections.`,
        action:
          'Read the stats of each node: uptime (a restart empties it), evictions, curr_connections against the limit.',
        command: memcachedStats(host),
      },
      cacheFallback(users, name),
      {
        title: `Spread ${name} over nodes in several zones`,
        rationale: 'Losing one node should lose only its share of keys.',
        action: 'Run several nodes across availability zones with consistent hashing in the clients.',
      },
    ];
  }
  return [
    {
      title: `Check the cluster and replication state of ${name}`,
      rationale: readonly
        ? `${r} writes to a replica (${c.signal}): after a failover its clients still point at the old primary.`
        : `${r} reports ${c.signal}: the cache cluster lost a node or has slots without a serving primary, so its keys are unavailable.`,
      action: 'Read cluster state, slot coverage and which node is primary, and the recent failover events.',
      command: `${redis.state(host)}\n${redis.events()}`,
    },
    readonly
      ? {
          title: `Point the clients of ${name} at the primary endpoint`,
          rationale: `Clients that cache node addresses keep writing to the demoted primary after failover.`,
          action: `Connect ${users} through the primary (or configuration) endpoint and let the client refresh its topology on a READONLY or MOVED reply.`,
        }
      : {
          title: `Restore a serving primary for every slot of ${name}`,
          rationale:
            'A cluster with uncovered slots answers CLUSTERDOWN for every key until each slot has a primary again.',
          action:
            'On ElastiCache wait for the node replacement the events show, or replace the failed node; on a self-managed cluster reassign uncovered slots.',
          command: redis.fixSlots(host),
        },
    cacheFallback(users, name),
    {
      title: `Turn on Multi-AZ automatic failover for ${name}`,
      rationale:
        'With a replica in another zone and automatic failover, losing a primary costs seconds instead of an outage.',
      action: 'Give each shard at least one replica in another zone and enable automatic failover.',
      command: cache ? redis.multiAz(cache) : undefined,
    },
  ];
};

function cacheFallback(users: string, name: string): DraftFix {
  return {
    title: `Let ${users} work without ${name}`,
    rationale: `A cache outage should cost latency, not errors; here the errors of ${name} became errors of ${users}.`,
    action: `In ${users}, use short timeouts (50-100 ms) for cache calls, fall through to the source of truth on failure behind a circuit breaker, and coalesce concurrent misses so the database is not stampeded.`,
  };
}

function brokerKind(signal: string, known: string | null): 'kafka' | 'sqs' | 'rabbitmq' | null {
  if (known === 'kafka' || known === 'sqs' || known === 'rabbitmq') return known;
  if (/rebalanc|offset|partition|commit/i.test(signal)) return 'kafka';
  return null;
}

export const backlogFixes: FixBuilder = ({ c, rootOps, ops }) => {
  const r = c.root;
  const consumer = rootIsWorkload(c) ? r : firstCaller(c);
  const consumerName = consumer ?? 'the consumers';
  const consumerOps = consumer === r ? rootOps : ops;
  const kind = brokerKind(c.input.signal, c.storeKind);
  const fixes: DraftFix[] = [
    {
      title: `Measure the backlog and the lag of ${consumerName}`,
      rationale: `${r} reports ${c.signal}: messages arrive faster than ${consumerName} ${consumer ? 'processes' : 'process'} them, so their age grows and downstream work is late.`,
      action:
        'Read the depth and the age of the oldest message (or the lag per partition), and whether consumption stopped or only slowed.',
      command: backlogCommand(kind) ?? (consumer ? consumerOps.crashLogs(consumer) : undefined),
    },
    {
      title: `Add consumers to ${consumerName}`,
      rationale: 'More consumers drain the backlog faster, as long as the downstream can take the rate.',
      action: `Scale ${consumerName} out${kind === 'kafka' ? ' up to the number of partitions (extra consumers stay idle)' : ''}.`,
      command: consumer ? consumerOps.scale(consumer) : undefined,
    },
  ];
  if (kind === 'kafka') {
    fixes.push({
      title: `Stop the rebalance and commit failures of ${consumerName}`,
      rationale:
        'A consumer that takes longer than max.poll.interval.ms between polls is expelled, its partitions rebalance, and its offset commits fail, so the group redoes work instead of progressing.',
      action:
        'Lower max.poll.records or raise max.poll.interval.ms above the slowest batch, and use static membership (group.instance.id) so restarts do not rebalance.',
    });
  } else {
    fixes.push({
      title: `Move poison messages out of the way of ${consumerName}`,
      rationale:
        'A message that fails on every attempt returns to the queue and takes consumer time on every delivery.',
      action:
        'Set a dead-letter queue with maxReceiveCount 5 and a visibility timeout of at least six times the processing time, and make handlers idempotent.',
      command: kind === 'sqs' ? sqs.deadLetter() : undefined,
    });
  }
  fixes.push({
    title: `Scale ${consumerName} on backlog, not CPU`,
    rationale:
      'Consumers that wait on I/O can fall behind at low CPU, so CPU-based scaling never reacts to a backlog.',
    action:
      c.input.platform === 'kubernetes'
        ? 'Scale on queue depth or consumer lag with KEDA.'
        : c.input.platform === 'lambda'
          ? 'Raise the event source mapping batch size and maximum concurrency.'
          : 'Add a target-tracking scaling policy on backlog per consumer (queue depth divided by running consumers).',
    command:
      c.input.platform === 'lambda'
        ? 'aws lambda update-event-source-mapping --uuid <mapping-uuid> --batch-size <count> --scaling-config MaximumConcurrency=<count>'
        : undefined,
  });
  return fixes;
};
