import { type NarrativeContext, rootIsWorkload, sqlKindOf } from './context.ts';
import { callersPhrase, type DraftFix, type FixBuilder, firstCaller } from './fix-draft.ts';
import { kafka, rabbitmq, sql } from './store-commands.ts';

/** The fix on the calling side that every dependency fault shares: bounded waits and fail-fast. */
export function callerResilience(c: NarrativeContext, slow: boolean): DraftFix | null {
  const target = c.callerList ?? (rootIsWorkload(c) ? c.root : null);
  if (!target) return null;
  const upstream = c.callerList ? c.root : (c.dep ?? 'its dependency');
  if (slow) {
    return {
      title: `Make ${target} fail fast when ${upstream} is slow`,
      rationale: `${target} waited on ${upstream} with no bound, so the slowness of ${upstream} tied up threads and connections in ${target} and turned into errors there.`,
      action: `In ${target}, set connect and read timeouts below the caller's own deadline, retry only idempotent calls with exponential backoff, jitter and a retry budget, and open a circuit breaker after repeated failures so requests fail in milliseconds (or fall back) instead of queueing.`,
    };
  }
  const broker = c.storeKind === 'rabbitmq' || c.storeKind === 'kafka';
  return {
    title: `Let ${target} ride out an outage of ${upstream}`,
    rationale: `${target} had no fallback when ${upstream} refused connections: every ${broker ? 'publish and consume' : 'call'} failed at once and nothing was kept to retry later.`,
    action: broker
      ? `In ${target}, reconnect with exponential backoff and jitter, publish with confirms through a local outbox table so unconfirmed messages are resent, and make consumers idempotent so redelivery is safe.`
      : `In ${target}, reconnect with exponential backoff and jitter, open a circuit breaker after repeated refusals, and queue or degrade the work that needs ${upstream} instead of failing it.`,
  };
}

export const timeoutFixes: FixBuilder = ({ c, rootOps }) => {
  const r = c.root;
  const fixes: (DraftFix | null)[] = [];
  const kind = sqlKindOf(c);
  if (kind) {
    const db = c.store ?? 'the database';
    fixes.push(
      {
        title: `Find the slow queries on ${db}`,
        rationale: `${r} answers too slowly (${c.signal}); when a database sits behind it, long-running or blocked queries are the usual reason.`,
        action: `List the statements running longest on ${db} and note which one ${r} issues.`,
        command: sql.activeQueries(kind),
      },
      {
        title: `Fix the plan of the slowest query`,
        rationale: `A query that scans instead of using an index gets slower as data grows, until calls through ${r} pass their timeouts.`,
        action: `Run EXPLAIN on the slow statement; add the missing index (CREATE INDEX CONCURRENTLY on PostgreSQL) or rewrite the query, and cap it with a statement timeout.`,
        command: sql.explain(kind),
      },
    );
  } else {
    fixes.push({
      title: `Find where ${r} spends the time of a slow request`,
      rationale: `Calls to ${r} time out (${c.signal}); until the slow step inside it is known, only its callers' symptoms are treated.`,
      action: `Compare the latency of ${r}'s endpoints before and during the incident (traces or access logs) and profile the slowest one: a slow query, a lock, a downstream call or CPU saturation.`,
      command: rootOps.crashLogs(r),
    });
  }
  fixes.push({
    title: `Add capacity to ${r} while it is slow`,
    rationale: `More replicas of ${r} spread the in-flight requests so fewer of them wait past their timeout.`,
    action:
      c.input.platform === 'lambda'
        ? `Raise the reserved concurrency of ${r} if throttles show it is the limit, so more requests run at once.`
        : `Scale ${r} out by half again, and keep it so until latency is back under the callers' timeouts.`,
    command: rootOps.scale(r),
  });
  fixes.push(callerResilience(c, true));
  if (c.input.platform === 'lambda') {
    fixes.push({
      title: `Align the Lambda timeout of ${r} with its dependency timeouts`,
      rationale:
        'A function whose client timeouts exceed its own timeout is killed mid-call ("Task timed out") instead of handling the slow dependency.',
      action: `Set the client timeouts in ${r} below the function timeout, and the function timeout to cover one full retry.`,
      command: rootOps.timeout(r),
    });
  }
  return fixes.filter((f): f is DraftFix => f !== null);
};

export const networkFixes: FixBuilder = ({ c, rootOps, ops }) => {
  const r = c.root;
  const fixes: (DraftFix | null)[] = [];
  if (c.storeKind === 'rabbitmq') {
    const restart = c.store === r ? rootOps.restart(r) : undefined;
    fixes.push(
      {
        title: `Restore the stopped RabbitMQ node of ${c.store ?? r}`,
        rationale: `${c.store ?? r} stopped accepting connections (${c.signal}), so ${callersPhrase(c)} got connection refused on every publish and consume.`,
        action: `Check the cluster status; start the stopped node (or redeploy it) and wait until it rejoins and its queues are synchronised.`,
        command: `${rabbitmq.cluster()}\n${restart ?? rabbitmq.startNode()}`,
      },
      {
        title: `Set a partition handling strategy on ${c.store ?? r}`,
        rationale:
          'A network partition between nodes stopped a node; with "pause_minority" the minority side pauses and recovers on its own, and quorum queues keep messages available on the majority.',
        action:
          'Set cluster_partition_handling = pause_minority in rabbitmq.conf, run an odd number of nodes (3) across zones, and move critical queues to quorum queues.',
        command: rabbitmq.partitionMode(),
      },
    );
  } else if (c.storeKind === 'kafka') {
    fixes.push({
      title: `Restore the unreachable Kafka broker of ${c.store ?? r}`,
      rationale: `Clients cannot reach a broker (${c.signal}); partitions led by it are unavailable until it returns or leadership moves.`,
      action:
        'Find under-replicated partitions, restart the missing broker, and confirm leadership rebalances.',
      command: kafka.underReplicated(),
    });
  } else {
    fixes.push(
      {
        title: `Bring ${r} back to accepting connections`,
        rationale: `Connections to ${r} are refused or reset (${c.signal}): no healthy instance is listening, so ${callersPhrase(c)} fail.`,
        action: `Check how many instances of ${r} are running and healthy, and replace the ones that are not.`,
        command: rootOps.restart(r),
      },
      {
        title: `Check the network path to ${r}`,
        rationale: `When ${r} is up but still unreachable, a security group, network policy or routing change blocks the path.`,
        action: `Compare the security groups / network policies between the callers and ${r} with their last known-good state, and restore the rule for its port.`,
        command:
          c.input.platform === 'kubernetes'
            ? ops.exec(c.callers[0] ?? r, `nc -zv ${r} <port>`)
            : c.input.platform === 'ec2' || c.input.platform === 'ecs'
              ? 'aws ec2 describe-security-groups --group-ids <security-group-id> --query "SecurityGroups[].IpPermissions"'
              : undefined,
      },
    );
  }
  fixes.push(callerResilience(c, false));
  if (c.storeKind === 'rabbitmq') return fixes.filter((f): f is DraftFix => f !== null);
  fixes.push({
    title: `Run ${c.store ?? r} with redundancy across zones`,
    rationale: `One ${c.store ?? r} node or instance going away took the whole path down; with redundancy the others keep serving.`,
    action: `Run at least 3 instances of ${c.store ?? r} spread over availability zones, and let clients connect through an endpoint that lists all of them.`,
  });
  return fixes.filter((f): f is DraftFix => f !== null);
};

export const dnsFixes: FixBuilder = ({ c, ops, rootOps }) => {
  const r = c.root;
  const host = c.dep ?? '<hostname>';
  const client = rootIsWorkload(c) ? r : (firstCaller(c) ?? r);
  const clientOps = client === r ? rootOps : ops;
  return [
    {
      title: `Resolve ${host} from where ${client} runs`,
      rationale: `${client} cannot resolve ${host} (${c.signal}); resolving it from the same place tells a missing record (NXDOMAIN) from a failing resolver (timeout, SERVFAIL).`,
      action: `Query the name from inside ${client}'s network; if the record is missing, restore it in its hosted zone; if the resolver times out, fix the resolver (next fix).`,
      command: clientOps.exec(client, `nslookup ${host}`) ?? `dig ${host}`,
    },
    {
      title: 'Relieve the DNS resolver',
      rationale:
        'EAI_AGAIN and resolver timeouts under load mean the resolver is overloaded or rate-limited (the VPC resolver allows 1024 packets per second per network interface).',
      action:
        c.input.platform === 'kubernetes'
          ? 'Check CoreDNS errors, scale CoreDNS out, and run NodeLocal DNSCache so pods query a cache on their node.'
          : 'Cache lookups on the host (or in the runtime) so each connection does not query the VPC resolver.',
      command:
        c.input.platform === 'kubernetes'
          ? 'kubectl -n kube-system logs -l k8s-app=kube-dns --tail=200\nkubectl -n kube-system scale deployment/coredns --replicas=<replicas>'
          : undefined,
    },
    {
      title: `Cache and retry DNS lookups in ${client}`,
      rationale: `Every failed lookup in ${client} became a failed request; resolving once per connection pool and retrying a transient EAI_AGAIN turns a resolver blip into a short delay.`,
      action: `Reuse connections (keep-alive pools), cache resolved addresses for their TTL, retry EAI_AGAIN with backoff, and use fully qualified names (trailing dot) to avoid search-domain lookups.`,
    },
    {
      title: `Check the DNS record of ${host} in Route 53`,
      rationale: 'A deleted or changed record gives the same error from every client at once.',
      action: `Look up the record in its hosted zone and compare it with the last known-good value.`,
      command: `aws route53 list-resource-record-sets --hosted-zone-id <hosted-zone-id> --query "ResourceRecordSets[?Name == '${host}.']"`,
    },
  ];
};

export const tlsFixes: FixBuilder = ({ c }) => {
  const host = c.dep ?? '<host>';
  const r = c.root;
  return [
    {
      title: `Check the certificate ${host} presents`,
      rationale: `${r} fails the TLS handshake (${c.signal}); the dates and issuer of the presented certificate show whether it expired, is not yet valid, or comes from an authority the client does not trust.`,
      action: 'Read the validity dates, issuer and subject of the served certificate chain.',
      command: `openssl s_client -connect ${host}:443 -servername ${host} </dev/null 2>/dev/null | openssl x509 -noout -dates -issuer -subject`,
    },
    {
      title: `Renew or replace the certificate of ${host}`,
      rationale:
        'An expired certificate fails every client at the same moment; replacing it ends the outage.',
      action:
        'Renew the certificate (ACM renews DNS-validated certificates by itself once the validation record exists) and redeploy it to the load balancer or server that serves it.',
      command:
        'aws acm describe-certificate --certificate-arn <certificate-arn> --query "Certificate.{status:Status,notAfter:NotAfter,renewal:RenewalSummary.RenewalStatus}"',
    },
    {
      title: `Update the trust store of ${r} instead of disabling verification`,
      rationale: `If the issuer is unknown to ${r}, its CA bundle is older than the certificate chain; turning verification off would hide the next real attack.`,
      action: `Rebuild ${r} with a current CA bundle (or add the private CA explicitly) and keep hostname verification on.`,
    },
    {
      title: `Alarm on certificate expiry 30 days ahead`,
      rationale:
        'Certificates expire on a known date, so this outage had weeks of warning that nobody received.',
      action:
        'Alarm on the ACM DaysToExpiry metric (or an external probe of the served certificate) at 30 days, routed to the team that owns the certificate.',
    },
  ];
};
