import { isSql, quoteSignal, rootIsWorkload } from './context.ts';
import { callersPhrase, type DraftFix, type FixBuilder, firstCaller } from './fix-draft.ts';
import { rdsStorage, sql } from './store-commands.ts';

export const memoryFixes: FixBuilder = ({ c, rootOps }) => {
  const r = c.root;
  const code = c.changeName ? `the code ${c.changeName} added` : `${r}`;
  // The feature the service logs most is where its state lives: look there first.
  const feature = c.input.feature;
  const where = feature
    ? `${code}, starting with its ${feature.word} code (${quoteSignal(feature.line)}),`
    : code;
  return [
    {
      title: `Find and bound the memory growth in ${r}`,
      rationale: `${r} is killed at its memory limit (${c.signal}). A process that grows until it reaches whatever limit it is given holds memory it never frees, and more memory alone only delays the next kill.`,
      action: `Take a heap profile or dump of a running ${r} replica before it reaches the limit and compare it with one from the previous release. Look in ${where} for caches, maps or buffers without a size limit or expiry, and give each a maximum size and a TTL (or move them to a shared cache).`,
      command: rootOps.memoryUsage(r),
    },
    {
      title: `Give ${r} memory headroom above its observed peak`,
      rationale: `While the growth is fixed, a limit close to normal use kills replicas as soon as traffic or data grows, and each kill moves the load onto fewer replicas of ${r}, which then die faster.`,
      action: `Set the memory limit to about twice the peak ${r} reached before being killed, and the request to its steady-state use, so replicas are placed where that memory exists.`,
      command: rootOps.memory(r),
    },
    c.input.platform === 'lambda'
      ? {
          title: `Stop ${r} keeping memory between invocations`,
          rationale: `Lambda reuses execution environments, so objects held in module scope by ${r} survive from one invocation to the next and grow until Max Memory Used reaches the memory size.`,
          action: `Bound or clear caches held outside the handler of ${r}, and stream large objects (S3 bodies, query results) instead of loading them whole.`,
        }
      : {
          title: `Autoscale ${r} on memory use`,
          rationale: `With a fixed replica count, every replica ${r} lost to the limit raised the load, and so the memory, of the survivors. Scaling out at 70-75% memory spreads the load before any replica reaches the limit.`,
          action: `Add a target-tracking scaling policy on average memory utilisation (about 75%) with at least 3 replicas, so losing one does not overload the rest.`,
          command: rootOps.autoscale(r, 'memory'),
        },
    {
      title: `Add a memory soak test to the release pipeline of ${r}`,
      rationale: `${c.changeName ? `${c.changeName} reached production` : `${r} reached production`} without anyone seeing its memory over time; a leak shows as a curve that keeps rising under steady load, which a short functional test cannot show.`,
      action: `Run each release of ${r} under production-like load for at least 30 minutes in staging and fail the pipeline when memory keeps rising or passes 80% of the limit.`,
    },
  ];
};

export const cpuFixes: FixBuilder = ({ c, rootOps }) => {
  const r = c.root;
  const caller = firstCaller(c);
  const fixes: DraftFix[] = [
    c.input.platform === 'lambda'
      ? {
          title: `Give ${r} more CPU per invocation`,
          rationale: `${r} has no CPU left (${c.signal}), so invocations run long and ${callersPhrase(c)} wait or time out. Lambda allots CPU in proportion to memory, so a larger memory size is the only way to more CPU.`,
          action: `Raise the memory size of ${r} one step at a time (e.g. 1024 → 1769 MB, one full vCPU) until duration stops falling.`,
          command: rootOps.cpu(r),
        }
      : {
          title: `Scale ${r} out to take the load off saturated replicas`,
          rationale: `${r} has no CPU left (${c.signal}), so requests queue inside it and ${callersPhrase(c)} wait or time out. More replicas lower the CPU of each one at once.`,
          action: `Raise the replica count of ${r} until CPU per replica is below 70%, then keep it there with autoscaling (next fix).`,
          command: rootOps.scale(r),
        },
    c.input.platform === 'lambda'
      ? {
          title: `Move the CPU-heavy work of ${r} off the request path`,
          rationale: `Each invocation of ${r} waits for all its CPU work; work that does not shape the response can run elsewhere.`,
          action: `Hand rendering, compression or bulk serialisation to an asynchronous, queue-triggered function, and cache results that repeat.`,
        }
      : {
          title: `Autoscale ${r} on CPU`,
          rationale: `The saturation built up on a fixed number of replicas; target tracking on CPU adds capacity before requests queue.`,
          action: `Add a target-tracking policy on average CPU (70%) with a floor that survives the loss of one replica.`,
          command: rootOps.autoscale(r, 'cpu'),
        },
    {
      title: `Profile ${r} and remove the hot path`,
      rationale: `CPU saturation with ${c.changeName ? `${c.changeName} as the only change` : 'no capacity change'} points at work that got more expensive per request: a hot loop, a costly regex or serialisation, or garbage collection thrash from allocation churn.`,
      action: `Capture a CPU profile of ${r} under load (async-profiler, py-spy, pprof or node --cpu-prof) and fix the top frames; if garbage collection dominates, reduce allocation or raise the heap.`,
      command: rootOps.cpuUsage(r),
    },
  ];
  if (caller) {
    fixes.push({
      title: `Bound the concurrency ${caller} sends to ${r}`,
      rationale: `When ${r} slows down, unbounded retries and concurrency from ${caller} add load exactly when it has none to spare.`,
      action: `Give ${caller} a client-side concurrency limit and retries with exponential backoff and jitter towards ${r}, and shed excess requests with a fast 503 instead of queueing them.`,
    });
  }
  return fixes;
};

export const diskFixes: FixBuilder = ({ c, rootOps }) => {
  const r = c.root;
  if (isSql(c.storeKind) && !rootIsWorkload(c)) {
    const db = c.store ?? r;
    const pg = c.storeKind === 'postgres';
    return [
      {
        title: pg
          ? `Find what holds disk on ${db}: replication slots and pg_wal`
          : `Find what holds disk on ${db}: binary logs`,
        rationale: `${db} cannot write (${c.signal}). ${pg ? 'On PostgreSQL the usual cause is WAL kept in pg_wal by an inactive replication slot or a failing archive command, which nothing removes until the slot is dropped or archiving recovers.' : 'On MySQL binary logs kept past their retention often fill the volume.'}`,
        action: pg
          ? 'Check which replication slot retains the most WAL and whether archiving fails; a slot that is inactive and retains gigabytes is the cause.'
          : 'List the binary logs and their sizes; check the retention setting.',
        command: sql.diskUsers(c.storeKind),
      },
      {
        title: pg ? `Drop the inactive replication slot on ${db}` : `Purge old binary logs on ${db}`,
        rationale: `Freeing the retained ${pg ? 'WAL' : 'logs'} lets ${db} write again and accept the writes of ${callersPhrase(c)}.`,
        action: pg
          ? 'After confirming no consumer still needs it (a replica or CDC connector that is gone), drop the slot; PostgreSQL removes the retained WAL at the next checkpoint.'
          : 'Purge the binary logs no replica still needs.',
        command: sql.freeDisk(c.storeKind),
      },
      {
        title: `Grow the storage of ${db} and let it grow on its own`,
        rationale: `${db} had no margin left when the ${pg ? 'WAL' : 'logs'} grew; storage autoscaling adds space before writes fail.`,
        action: `Increase the allocated storage and set a maximum so storage autoscaling can add more.`,
        command: rdsStorage(db),
      },
      {
        title: pg ? `Alert on replication slot lag of ${db}` : `Set a binary log retention on ${db}`,
        rationale: `The space went to ${pg ? 'WAL kept for a slot' : 'logs kept'} long before writes failed; ${pg ? 'a slot that stops advancing' : 'unbounded retention'} is the early sign.`,
        action: pg
          ? 'Alert when any slot retains more than 10% of the volume, and set max_slot_wal_keep_size so one slot can never fill the disk (it invalidates the slot instead).'
          : "Set the binlog retention to what replicas need (CALL mysql.rds_set_configuration('binlog retention hours', 24) on RDS).",
      },
    ];
  }
  return [
    {
      title: `Find what fills the disk of ${r}`,
      rationale: `${r} cannot write (${c.signal}); until space is freed every write fails, and ${callersPhrase(c)} see the errors.`,
      action: `List the largest directories on the full volume of ${r}; logs, temporary files and local caches are the usual suspects.`,
      command: rootOps.diskUsage(r),
    },
    {
      title: `Rotate and cap the files ${r} writes`,
      rationale: `Files that grow without rotation or expiry fill any volume given time; capping them removes the cause rather than buying time.`,
      action: `Rotate logs by size with a retention count, delete temporary files when a request ends, and give local caches a size limit.`,
    },
    {
      title: `Give ${r} a larger volume with room to grow`,
      rationale: `The volume of ${r} had no headroom for growth, so a normal increase in data became an outage.`,
      action: `Grow the volume (or ephemeral storage) to keep at least 30% free at peak.`,
      command: rootOps.diskGrow(r),
    },
    {
      title: `Alert on the disk free space of ${r} with time to act`,
      rationale: `The disk filled gradually, so it could have been seen hours earlier than the failure (${c.signal}).`,
      action: `Alert when less than 20% is free or when the fill rate predicts a full disk within 6 hours.`,
    },
  ];
};

export const poolFixes: FixBuilder = ({ c, rootOps }) => {
  const r = c.root;
  const db = c.store ?? 'the database';
  // A pool without a named store is almost always a database pool.
  const kind = isSql(c.storeKind) ? c.storeKind : c.store === null ? 'postgres' : null;
  // A client's own pool ran dry: its connections are not given back. The database itself at its
  // limit says nothing of who holds them (a lowered limit fills with no leak at all).
  const workload = rootIsWorkload(c);
  const leaker = workload ? r : c.callers.length === 1 ? firstCaller(c) : null;
  const holder = leaker ?? 'the client services';
  const restart = leaker && leaker === r ? rootOps.restart(r) : undefined;
  const others = c.callerList ? `the other clients of ${db} (${c.callerList})` : 'other clients';
  return [
    {
      title: `Release the connections ${holder} hold${leaker ? 's' : ''} on ${db}`,
      rationale: workload
        ? `${r} reports ${c.signal}: connections to ${db} are taken and not given back, so ${others} cannot get one.`
        : `${r} reports ${c.signal}: every connection ${db} allows is taken, so ${others} cannot get one.`,
      action: `Close the idle connections held by the database user of ${holder}, or restart ${holder} so ${leaker ? 'its pool is' : 'their pools are'} rebuilt; both free the slots at once.`,
      command: restart ?? (kind ? sql.closeIdle(kind) : undefined),
    },
    {
      title: `Confirm which client holds the connections of ${db}`,
      rationale: `The fix depends on who holds them: one client with many idle or "idle in transaction" connections is leaking; many clients each with a few means the pools together exceed the server limit.`,
      action: `Group the server's connections by application, user and state, and compare with the pool size each service is configured for.`,
      command: kind ? sql.connectionsByClient(kind) : undefined,
    },
    {
      title: `Return every connection in the code of ${holder}`,
      rationale: `Connections that are not returned after a unit of work (a batch, a request) accumulate until the pool or the server is full; this is the cause the signal of ${r} describes.`,
      action: `Acquire connections in a try-with-resources / with-block / finally so they are returned on every path, including errors, and turn on the pool's leak detection (e.g. HikariCP leakDetectionThreshold, SQLAlchemy pool_pre_ping with pool_timeout) to log the holder of a leaked connection.`,
    },
    {
      title: `Make ${db} close abandoned connections`,
      rationale: `A server-side timeout limits the damage of any future leak to minutes instead of an outage.`,
      action: `Set an idle-in-transaction timeout for the application role and size each service's pool so the sum over all replicas stays below the server's connection limit (or put RDS Proxy / PgBouncer in front).`,
      command: kind ? sql.idleTimeout(kind) : undefined,
    },
  ];
};
