import { type NarrativeContext, rootIsWorkload } from './context.ts';
import { after, type ClassStory, dbName, spared } from './story.ts';

export const lockStory: ClassStory = {
  state: () => 'blocked on database locks',
  mechanism: (c) =>
    `Because ${rootIsWorkload(c) ? 'its transactions' : 'transactions'} on ${dbName(c)} waited on locks held by other transactions until they hit a lock timeout or were chosen as deadlock victims${after(c)}.`,
  causeQuestion: () => 'Why did the transactions block each other?',
  cause: () =>
    'Because transactions touching the same rows take their locks in different orders (deadlock), or one long transaction holds locks the others need (lock wait): often a batch job, a migration, or a transaction kept open across a remote call.',
  guardQuestion: () => 'Why did lock contention become failed requests?',
  guardrail: () =>
    'Because nothing bounds a lock wait: with no lock_timeout, blocked transactions held their connections while waiting, and the application does not retry deadlock victims.',
  designQuestion: () => 'Why is locking behaviour not designed in?',
  design: () =>
    'Because transactions are written per feature with no rule for lock order or transaction length, and batch jobs and migrations run against the same rows as live traffic without a lock budget.',
  systemic: (c) =>
    `Transactions on ${dbName(c)} follow no lock order or length rule, lock waits are unbounded, and batch jobs and migrations share rows with live traffic, so contention turns into blocked connections and failed requests instead of fast, retried conflicts.`,
  counterfactual: (c) =>
    `Had the application locked rows in a fixed order with a lock_timeout of a few seconds and retried deadlock victims, the conflicts on ${dbName(c)} would have been resolved in milliseconds, and ${spared(c)} would have seen a retry instead of an error.`,
};

function cacheName(c: NarrativeContext): string {
  return c.store ?? (c.input.rootRole === 'cache' ? c.root : 'the cache');
}

function cacheUsers(c: NarrativeContext): string {
  return rootIsWorkload(c) ? c.root : (c.callerList ?? 'the services that use it');
}

/** The verb ending for a subject that is the root alone, or its callers. */
function ending(c: NarrativeContext): string {
  return rootIsWorkload(c) || c.callers.length === 1 ? 's' : '';
}

const readonly = (c: NarrativeContext): boolean => /readonly/i.test(c.input.signal);

export const cacheStory: ClassStory = {
  state: (c) => (c.input.rootRole === 'cache' ? 'down or unusable' : 'without a working cache'),
  mechanism: (c) => {
    if (readonly(c)) {
      return `Because writes went to a node of ${cacheName(c)} that had become a read-only replica after a failover, so every write was rejected${after(c)}.`;
    }
    if (/clusterdown/i.test(c.input.signal)) {
      return `Because ${cacheName(c)} lost the primary of some of its slots, and a cluster with uncovered slots rejects every command${after(c)}.`;
    }
    return `Because ${cacheName(c)} stopped serving (down, failing over or rejecting commands), and ${cacheUsers(c)} treated every cache error as a request error${after(c)}.`;
  },
  causeQuestion: (c) =>
    readonly(c) ? 'Why did writes still go to the old primary?' : `Why did ${cacheName(c)} stop serving?`,
  cause: (c) =>
    readonly(c)
      ? 'Because a failover promoted a replica, but clients kept their connections to the old primary instead of following the primary endpoint.'
      : 'Because a node failed or was replaced and no replica was ready to take over (or the failover was still in progress), so part of the key space had no primary.',
  guardQuestion: (c) => `Why did a cache outage become errors for ${cacheUsers(c)}?`,
  guardrail: (c) =>
    `Because ${cacheUsers(c)} depend${ending(c)} on the cache for correctness: no short timeout, no fallback to the source of truth, no circuit breaker.`,
  designQuestion: () => 'Why is the cache a hard dependency?',
  design: () =>
    'Because the cache was introduced as an optimisation but is used as a store (locks, sessions, state), it was deployed without Multi-AZ failover, and no test runs the services with the cache unavailable.',
  systemic: (c) =>
    `${cacheName(c)} is treated as always available: it runs without automatic failover across zones, clients do not follow a failover, and ${cacheUsers(c)} ha${ending(c) ? 's' : 've'} no fallback when it is gone, so a routine node failure becomes a user-visible outage.`,
  counterfactual: (c) =>
    `Had ${cacheName(c)} run with Multi-AZ automatic failover and had ${cacheUsers(c)} fallen back to the source of truth on cache errors, the node failure would have cost a few seconds of higher latency, and ${spared(c)} would not have seen errors.`,
};

function consumer(c: NarrativeContext): string {
  return rootIsWorkload(c) ? c.root : (c.callerList ?? 'the consumers');
}

export const backlogStory: ClassStory = {
  state: () => 'falling behind its queue',
  mechanism: (c) =>
    `Because messages arrived faster than ${consumer(c)} processed them, so the backlog and the age of the oldest message grew${after(c)}.`,
  causeQuestion: () => 'Why did consumption fall behind?',
  cause: (c) =>
    c.storeKind === 'kafka' || /rebalanc|commit|offset/i.test(c.input.signal)
      ? 'Because the consumer group kept rebalancing and failing to commit offsets: consumers that exceeded max.poll.interval.ms were expelled, so the group redid work instead of progressing.'
      : `Because ${consumer(c)} slowed down or stopped: a slow downstream, a poison message retried forever, or too few consumers for the incoming rate.`,
  guardQuestion: () => 'Why did the backlog grow unchecked?',
  guardrail: () =>
    'Because the consumers scale on CPU or not at all rather than on backlog, and failing messages are retried in place instead of being set aside.',
  designQuestion: () => 'Why is consumer capacity not tied to the backlog?',
  design: () =>
    'Because the consumers were sized for average traffic when they were built: no scaling policy on lag, no dead-letter queue, and no test of the consumer at peak rate.',
  systemic: (c) =>
    `${consumer(c)} run${ending(c)} at a capacity fixed for average traffic, with no scaling on backlog, no dead-letter queue for poison messages and no test at peak rate, so any slowdown or burst turns into a backlog that only grows.`,
  counterfactual: (c) =>
    `Had ${consumer(c)} scaled on backlog and moved failing messages to a dead-letter queue, the burst would have added consumers and the poison messages would have been set aside, keeping the oldest message minutes old instead of letting the backlog grow.`,
};
