import { type NarrativeContext, rootIsWorkload } from './context.ts';
import { after, type ClassStory, callersOf, dbName, s, spared } from './story.ts';

function limitHolder(platform: string): string {
  if (platform === 'lambda') return 'function';
  return platform === 'kubernetes' || platform === 'ecs' ? 'container' : 'process';
}

export const memoryStory: ClassStory = {
  state: () => 'running out of memory',
  mechanism: (c) =>
    `Because its memory use grew until it reached the memory limit of its ${limitHolder(c.input.platform)}, where the process was killed; each restarted replica grew the same way, and the survivors took the load of the ones lost${c.change ? `. The growth began after ${c.change}` : ''}.`,
  causeQuestion: (c) =>
    `Why did the memory of ${c.root} keep growing${c.changeName ? ` after ${c.changeName}` : ''}?`,
  cause: (c) =>
    c.changeName
      ? `Because ${c.changeName} keeps memory it never releases, most likely a new in-process cache, map or buffer without a size limit or expiry; the previous release ran within the same limit, so the difference lies in what changed.`
      : `Because ${c.root} keeps memory it never releases (an in-process cache, map or buffer without a size limit or expiry), or its working set outgrew a limit sized with no headroom; the memory curve before each kill tells the two apart.`,
  guardQuestion: (c) =>
    c.changeName
      ? `Why did ${c.changeName} reach production with that growth?`
      : `Why did the growth go unnoticed until ${c.root} was killed?`,
  guardrail: (c) =>
    c.changeName
      ? 'Because the release was checked for correctness, not for memory over time: no test ran it under production-like load long enough to show the growth, and the rollout went ahead on readiness checks that a leaking process passes for minutes.'
      : `Because nothing watched the trend: memory was seen only when it hit the limit, and with a fixed replica count and no autoscaling each kill pushed more load onto the replicas of ${c.root} that remained.`,
  designQuestion: () => 'Why can a memory leak turn into an outage instead of a slow degradation?',
  design: (c) =>
    `Because memory is treated as a deployment setting rather than a property each release must prove: the limit of ${c.root} was set once without headroom, the pipeline has no soak or memory regression stage, in-process caches are not required to be bounded, and there is no autoscaling to absorb the loss of a replica.`,
  systemic: (c) =>
    c.changeName
      ? `${c.root} can ship a release whose memory grows without bound: the pipeline has no soak or memory regression test, so ${c.changeName} went out with a growth nobody measured; in-process caches are not required to have a size limit or expiry; and a fixed memory limit without headroom or autoscaling turns a leak into replicas killed one after another instead of a slow degradation.`
      : `${c.root} runs with a fixed memory limit, no autoscaling and no alert on memory growth, and nothing requires its in-process caches and buffers to be bounded; memory problems therefore surface only as kills at the limit (${c.signal}), after the remaining replicas have taken the load of the lost ones.`,
  counterfactual: (c) =>
    c.changeName
      ? `Had ${c.changeFull} run a 30-minute soak test under production-like load before rollout, its rising memory would have failed the pipeline and the release would never have replaced the previous one; ${spared(c)} would have kept being served.`
      : `Had the caches of ${c.root} been bounded and its memory limit set with headroom and autoscaling on memory, the growth would have plateaued or added replicas instead of killing ${c.root} at its limit, and ${spared(c)} would not have lost it.`,
};

export const cpuStory: ClassStory = {
  state: () => 'out of CPU',
  mechanism: (c) =>
    `Because demand for CPU exceeded what its replicas had, so requests queued behind busy ones and waited past their timeouts${after(c)}.`,
  causeQuestion: (c) => `Why did ${c.root} need more CPU than it had?`,
  cause: (c) =>
    c.changeName
      ? `Because ${c.changeName} made each request cost more CPU (a hot loop, costly serialisation or regex, or garbage-collection thrash from extra allocation) while capacity stayed the same.`
      : 'Because traffic grew beyond the capacity of a fixed replica count, or some requests became more expensive (a hot loop, garbage-collection thrash); a CPU profile under load tells which.',
  guardQuestion: () => 'Why did capacity not follow the demand?',
  guardrail: (c) =>
    `Because ${c.root} has no autoscaling on CPU and no load shedding, so extra work queued inside saturated replicas instead of adding replicas or being rejected early${c.changeName ? `, and ${c.changeName} was not load-tested for CPU per request` : ''}.`,
  designQuestion: (c) => `Why is ${c.root} sized by a fixed count rather than by demand?`,
  design: (c) =>
    `Because capacity for ${c.root} is a manual, one-time decision: no load test measures CPU per request for each release and no scaling policy is tied to utilisation, so headroom erodes silently as traffic and code change.`,
  systemic: (c) =>
    `${c.root} runs on fixed capacity with no CPU-based autoscaling or load shedding, and ${c.changeName ? `releases such as ${c.changeName}` : 'its releases'} are not load-tested for CPU per request; when demand or cost per request rises, requests queue inside saturated replicas until ${callersOf(c)} time${s(c)} out.`,
  counterfactual: (c) =>
    `Had ${c.root} scaled out at 70% CPU and shed excess load with fast 503s, the extra demand would have added replicas instead of queueing requests, and ${spared(c)} would have seen slower responses at worst rather than failures.`,
};

function pgDisk(c: NarrativeContext): boolean {
  return c.storeKind === 'postgres' && !rootIsWorkload(c);
}

export const diskStory: ClassStory = {
  state: () => 'out of disk space',
  mechanism: (c) =>
    pgDisk(c)
      ? `Because its volume filled up, so ${dbName(c)} could no longer write its write-ahead log (pg_wal), and every write, then the server processes themselves, failed${after(c)}.`
      : `Because the volume it writes to filled up, so every write it attempted failed${after(c)}.`,
  causeQuestion: (c) => `Why did the volume of ${c.root} fill up?`,
  cause: (c) =>
    pgDisk(c)
      ? 'Because WAL accumulated faster than it was removed: PostgreSQL keeps the WAL a replication slot has not consumed or archiving has not copied, so one inactive slot or failing archive command retains it until the disk is full.'
      : `Because ${c.root} writes files that nothing removes or caps (logs without size-based rotation, temporary files left behind, a local cache without a size limit), so usage grows with time and traffic${c.changeName ? `, faster since ${c.changeName}` : ''}.`,
  guardQuestion: () => 'Why was the volume allowed to fill before anyone acted?',
  guardrail: (c) =>
    `Because nothing alerted on free space or its fill rate${pgDisk(c) ? ', nor on a replication slot that had stopped advancing,' : ''} and the volume had no automatic growth, so the first sign was the failed write (${c.signal}).`,
  designQuestion: () => 'Why is disk growth not bounded by design?',
  design: (c) =>
    pgDisk(c)
      ? 'Because retention is left to defaults: replication slots may retain WAL without limit (max_slot_wal_keep_size unset), storage autoscaling is off, and no runbook removes the slots of replicas or connectors that are gone.'
      : 'Because file retention is nobody’s explicit decision: no rotation by size, no cleanup of temporary files and no headroom rule for volume size, so disk is provisioned once and forgotten.',
  systemic: (c) =>
    pgDisk(c)
      ? `${dbName(c)} lets WAL retention grow without bound: replication slots have no max_slot_wal_keep_size, storage autoscaling is off, and nothing alerts when a slot stops advancing or free space falls, so one stalled consumer fills the disk and takes ${dbName(c)} and ${callersOf(c)} down with it.`
      : `${c.root} writes files whose growth nothing bounds (no size-based rotation, no cleanup, no size limit on local caches) onto a volume with no headroom rule and no alert on its fill rate, so normal growth becomes an outage on the day the volume is full.`,
  counterfactual: (c) =>
    pgDisk(c)
      ? `Had max_slot_wal_keep_size capped the WAL a slot may retain and storage autoscaling been enabled on ${dbName(c)}, the stalled slot would have been invalidated, or the volume grown, long before pg_wal filled the disk, and ${spared(c)} would have kept writing.`
      : `Had ${c.root} rotated its files by size and alerted at 80% of its volume, the disk would have been cleaned or grown hours before writes failed, and ${spared(c)} would not have seen errors.`,
};

function holder(c: NarrativeContext): string {
  return rootIsWorkload(c) ? c.root : (c.callerList ?? 'its clients');
}

export const poolStory: ClassStory = {
  state: (c) => (rootIsWorkload(c) ? 'out of database connections' : 'out of connection slots'),
  propagation: (c) => {
    if (!rootIsWorkload(c)) return c.callerList ? `, so ${c.callerList} could not connect` : '';
    const others = c.callerList ? `, leaving ${c.callerList} without connections` : '';
    return c.store ? `; it held the connection slots of ${c.store}${others}` : others;
  },
  mechanism: (c) =>
    rootIsWorkload(c)
      ? `Because ${c.root} took connections to ${dbName(c)} and did not give them back, so its pool, and then the server's connection slots, filled up and new work waited for connections that never came free${after(c)}.`
      : `Because clients held all of its connection slots, so new connections were refused${after(c)}.`,
  causeQuestion: (c) =>
    rootIsWorkload(c)
      ? 'Why were the connections not given back?'
      : 'Why did clients hold all the connection slots?',
  cause: (c) =>
    rootIsWorkload(c)
      ? `Because the code in ${c.root} that uses a connection does not release it on every path (an error or early return skips the close), so each unit of work leaves one behind${c.changeName ? `; the leak appeared with ${c.changeName}` : ''}.`
      : 'Because the client pools together are larger than the server limit, or one client leaks connections; the server sees only the total, grouping connections by client shows which.',
  guardQuestion: (c) =>
    `Why did the leak exhaust ${dbName(c)} for everyone instead of failing only ${holder(c)}?`,
  guardrail: (c) =>
    `Because nothing bounds the damage: ${dbName(c)} has no idle or idle-in-transaction timeout to reclaim abandoned connections, the pool has no leak detection, and no per-service budget keeps one client from taking the slots others need.`,
  designQuestion: () => 'Why are there no connection budgets or server-side timeouts?',
  design: (c) =>
    `Because connection limits are sized per service in isolation: nobody owns the total against the server's limit, no pooler (RDS Proxy, PgBouncer) sits between the services and ${dbName(c)}, and no test runs long enough to show a leak.`,
  systemic: (c) =>
    `Connections to ${dbName(c)} are a shared, finite resource with no owner: each service sizes its own pool, there is no pooler or per-service budget, no server-side timeout reclaims abandoned connections, and the code of ${holder(c)} can leak a connection on an error path without a test noticing; one leaking client therefore exhausts the server for all of them.`,
  counterfactual: (c) =>
    `Had ${dbName(c)} enforced an idle-in-transaction timeout and each client a bounded pool behind a pooler, the connections held by ${holder(c)} would have been reclaimed within a minute, and ${spared(c)} would have kept getting connections.`,
};
