import { type NarrativeContext, rootIsWorkload, sqlKindOf } from './context.ts';
import { after, type ClassStory, callersOf, dbName, s } from './story.ts';

export const timeoutStory: ClassStory = {
  state: () => 'too slow to answer in time',
  mechanism: (c) =>
    c.callerList
      ? `Because its responses took longer than the timeouts of ${c.callerList}, which gave up on calls ${c.root} was still working on${after(c)}.`
      : `Because the work behind its requests took longer than their timeout, so the requests were abandoned unfinished${after(c)}.`,
  causeQuestion: (c) => `Why did ${c.root} take that long?`,
  cause: (c) =>
    sqlKindOf(c)
      ? `Because its queries on ${dbName(c)} slowed down, typically a query whose plan scans more rows as data grows or one waiting on locks, and every request waits on them${c.changeName ? `; the slowdown began with ${c.changeName}` : ''}.`
      : `Because a step inside ${c.root} (a query, a lock, a downstream call or CPU) slowed down${c.changeName ? `, starting with ${c.changeName}` : ''}; the timeouts show the slowness, a trace of one slow request shows the step.`,
  guardQuestion: (c) => `Why did the slowness of ${c.root} become errors in ${callersOf(c)}?`,
  guardrail: (c) =>
    `Because the callers wait with long or default timeouts, retry without backoff and have no circuit breaker, so the slowness of ${c.root} held their threads and connections, and their retries added load when ${c.root} had least room.`,
  designQuestion: () => 'Why do the callers have no bounded timeouts or circuit breakers?',
  design: (c) =>
    `Because the services were built assuming the dependency is fast: there is no latency budget per call to set timeouts from, no shared client with backoff and circuit breaking, and no load test of ${c.root} with production-sized data.`,
  systemic: (c) =>
    `${c.root} has no latency budget: its slow path${sqlKindOf(c) ? ` (queries on ${dbName(c)})` : ''} is not tested with production-sized data, and ${callersOf(c)} call${s(c)} it with unbounded timeouts and immediate retries, so a slowdown in one service becomes an error storm in every service that depends on it.`,
  counterfactual: (c) =>
    `Had ${c.callerList ?? `the callers of ${c.root}`} called ${c.root} with timeouts taken from a latency budget and a circuit breaker, the slowdown would have cost degraded responses instead of failed requests, and retries would not have deepened the overload of ${c.root}.`,
};

function node(c: NarrativeContext): string {
  return c.storeKind === 'rabbitmq' || c.storeKind === 'kafka' ? 'broker node' : 'instance';
}

export const networkStory: ClassStory = {
  state: () => 'unreachable',
  mechanism: (c) =>
    `Because no ${node(c)} of ${c.store ?? c.root} was accepting connections on its address, so every connection attempt was refused or reset${after(c)}.`,
  causeQuestion: (c) => `Why did ${c.store ?? c.root} stop accepting connections?`,
  cause: (c) => {
    if (/partition/i.test(c.input.signal)) {
      return 'Because a network partition split the cluster, and the node on the losing side stopped (or was stopped) rather than serve inconsistent data.';
    }
    return c.changeName
      ? `Because ${c.changeName} left it unable to serve (a failed start, a wrong port or a network rule): the refusals begin right after it.`
      : `Because the ${node(c)} behind ${c.root} went down or was replaced and nothing took its place on the same address; the logs show the refusals, not what stopped it.`;
  },
  guardQuestion: (c) => `Why did losing one ${node(c)} stop ${callersOf(c)}?`,
  guardrail: (c) =>
    `Because ${callersOf(c)} connect${s(c)} to a single address with no failover and neither buffer nor retry with backoff, so the loss of one ${node(c)} became failed work at once.`,
  designQuestion: () => 'Why is there a single point of failure on this path?',
  design: (c) =>
    c.storeKind === 'rabbitmq'
      ? 'Because the broker was set up without partition handling (pause_minority), quorum queues or a node count that survives a partition, and its clients were not written to survive a broker restart (publisher confirms with an outbox, reconnects with backoff).'
      : `Because ${c.store ?? c.root} was deployed without redundancy across zones, and its clients were not designed for it to disappear: no health-checked endpoint over several instances, no reconnect with backoff.`,
  systemic: (c) =>
    `${c.store ?? c.root} is a single point of failure: it runs without redundancy that survives the loss of one ${node(c)}${c.storeKind === 'rabbitmq' ? ' or a network partition' : ''}, and ${callersOf(c)} assume${s(c)} it is always reachable, with no failover address, buffering or backoff, so one ${node(c)} going away stops the whole flow.`,
  counterfactual: (c) =>
    `Had ${c.store ?? c.root} run as a cluster that survives the loss of one ${node(c)}${c.storeKind === 'rabbitmq' ? ' (three nodes, pause_minority, quorum queues)' : ''} and had ${callersOf(c)} reconnected with backoff, the failure would have cost ${callersOf(c)} seconds of reconnection instead of refused connections.`,
};

function client(c: NarrativeContext): string {
  return rootIsWorkload(c) ? c.root : (c.callerList ?? 'the clients');
}

function host(c: NarrativeContext): string {
  return c.dep ?? 'the host names it connects to';
}

export const dnsStory: ClassStory = {
  state: () => 'unable to resolve the host names it connects to',
  mechanism: (c) =>
    `Because the lookups of ${host(c)} failed, so ${client(c)} could not open a connection at all${after(c)}.`,
  causeQuestion: (c) => `Why did the lookups of ${host(c)} fail?`,
  cause: (c) =>
    c.changeName
      ? `Because ${c.changeName} changed what or how it resolves (a record, a host name setting or the resolver of its network), and lookups failed right after it.`
      : 'Because either the record was missing or changed (NXDOMAIN, for every client at once) or the resolver was overloaded or unreachable (EAI_AGAIN and timeouts, intermittently); a lookup from the same network tells which.',
  guardQuestion: () => 'Why did a resolution failure become a failed request?',
  guardrail: (c) =>
    `Because ${client(c)} resolves on every new connection with no cache and no retry of a transient EAI_AGAIN, so each resolver hiccup failed a request, and nothing checked the record or the resolver from the client's network.`,
  designQuestion: () => 'Why is DNS an unguarded dependency?',
  design: () =>
    'Because DNS is treated as infrastructure that always works: records are changed outside reviewed code, there is no node-local DNS cache, and the resolver limit (1024 packets per second per network interface in a VPC) is never load-tested.',
  systemic: (c) =>
    `Name resolution is an untested dependency of ${client(c)}: records are changed outside reviewed infrastructure code, there is no local DNS cache, and clients resolve on every connection without retrying transient failures, so a record change or resolver overload fails requests directly.`,
  counterfactual: (c) =>
    `Had ${client(c)} cached resolved addresses and retried EAI_AGAIN with backoff, and had the record of ${host(c)} been managed in reviewed code, a resolver hiccup would have been a short delay and a bad record would have been caught before it applied.`,
};

export const tlsStory: ClassStory = {
  state: () => 'failing its TLS handshakes',
  mechanism: (c) =>
    `Because the certificate presented by ${c.dep ?? 'its peer'} was rejected during the handshake, so no connection was established${after(c)}.`,
  causeQuestion: () => 'Why was the certificate rejected?',
  cause: (c) => {
    if (/expir/i.test(c.input.signal)) {
      return 'Because the certificate had expired: it was not renewed before its end date, or the renewed one was not deployed where it is served.';
    }
    if (/authority|issuer|self.signed/i.test(c.input.signal)) {
      return `Because it was issued by an authority missing from the trust store of ${c.root} (a private CA or a new intermediate not in its CA bundle).`;
    }
    return `Because the certificate was expired, not yet valid, or issued by an authority ${c.root} does not trust; the dates and issuer of the served certificate tell which.`;
  },
  guardQuestion: () => 'Why was the certificate problem not caught before it failed connections?',
  guardrail: () =>
    'Because nothing checked the served certificate ahead of time: no alarm on days to expiry, no probe of the endpoint’s chain, and renewal depended on a manual step.',
  designQuestion: () => 'Why does certificate renewal depend on people?',
  design: () =>
    'Because certificates are not managed as code with automated renewal and deployment (ACM with DNS validation, cert-manager), and trust stores are baked into images that are rarely rebuilt.',
  systemic: (c) =>
    `Certificates on the path of ${c.root} are renewed and deployed by hand, with no expiry alarm and no probe of the chain actually served, and trust stores age inside images; a certificate problem is therefore found by the first failed handshake.`,
  counterfactual: (c) =>
    `Had the certificate of ${c.dep ?? 'the peer'} been issued by ACM or cert-manager with automatic renewal and an expiry alarm 30 days ahead, it would have been replaced weeks before the handshakes of ${c.root} failed.`,
};
