import type { FaultClass } from '../../domain/fault-class.ts';

/**
 * What a log line says about a fault, from the meaning of the words operators and runtimes use.
 *
 * `strength` is how specifically the phrase names the fault (1: it can only mean this class, such
 * as OOMKilled; 0.5: a typical but ambiguous symptom, such as a 504). `own` says whether the line
 * reports the emitter's own failure (true: "No space left on device") or a failure it observed in
 * something it called (false: "connect ECONNREFUSED", "upstream returned 503"). Callers that only
 * report a dependency's failure are affected, not the root cause (CONTRACT.md §3).
 */
export interface SignalRule {
  faultClass: Exclude<FaultClass, 'unknown'>;
  pattern: RegExp;
  strength: number;
  own: boolean;
}

const rule = (
  faultClass: SignalRule['faultClass'],
  pattern: RegExp,
  strength: number,
  own: boolean,
): SignalRule => ({
  faultClass,
  pattern,
  strength,
  own,
});

export const SIGNAL_RULES: readonly SignalRule[] = [
  // memory_exhaustion
  rule('memory_exhaustion', /\bOOM ?Kill(?:ed|ing)?\b|\bOOMKilled\b/i, 1, true),
  rule(
    'memory_exhaustion',
    /\bout of memory\b|\bOutOfMemory(?:Error)?\b|heap out of memory|Cannot allocate memory/i,
    1,
    true,
  ),
  rule('memory_exhaustion', /\bexit(?:ed)?(?: with)? code:? ?137\b|\bsignal: killed\b/i, 0.8, true),
  rule(
    'memory_exhaustion',
    /Runtime\.OutOfMemory|Max Memory Used|memory limit (?:exceeded|reached)/i,
    0.8,
    true,
  ),
  rule(
    'memory_exhaustion',
    /\b(?:heap|memory) (?:usage|used)\b.*\b(?:critical|[89]\d(?:\.\d+)?%|of .*limit)|GC overhead limit|gc pause/i,
    0.6,
    true,
  ),
  // cpu_saturation
  rule(
    'cpu_saturation',
    /\bCPU (?:usage |utili[sz]ation )?(?:at |is )?(?:100|9\d)(?:\.\d+)?%|cpu throttl|throttled (?:cpu|periods)/i,
    1,
    true,
  ),
  rule('cpu_saturation', /\bload average\b|CPU (?:contention|saturat|starv)/i, 0.7, true),
  // A Node process whose event loop lags is busy on its one thread: the contract's CPU evidence.
  rule('cpu_saturation', /event[- ]loop (?:lag|blocked|delay|utili[sz]ation)/i, 0.9, true),
  // disk_full
  rule(
    'disk_full',
    /No space left on device|\bENOSPC\b|disk (?:is )?full|(?:flood[- ]stage|high) disk watermark|disk quota exceeded/i,
    1,
    true,
  ),
  // Storage exhaustion in a managed database's own words (RDS events RDS-EVENT-0007 "Allocated
  // storage has been exhausted", RDS-EVENT-0089 "almost full", Aurora's "dangerously low").
  rule(
    'disk_full',
    /\b(?:storage|disk)(?: space)? (?:is |has been )?(?:(?:getting|critically|dangerously|running) low|almost full|exhausted)|\b(?:ran|run|running) out of (?:storage|disk)(?: space)?|\binsufficient (?:storage|disk)(?: space)?/i,
    1,
    true,
  ),
  // connection_pool_exhaustion
  rule(
    'connection_pool_exhaustion',
    /(?:connection )?pool (?:is )?(?:exhausted|empty|starv)|Connection is not available|too many (?:clients|connections)|remaining connection slots are reserved/i,
    1,
    true,
  ),
  rule(
    'connection_pool_exhaustion',
    /connections? (?:are |were )?not (?:returned|released|closed)|connection leak|leaked connection|open (?:database )?connections: \d/i,
    0.9,
    true,
  ),
  // The DataStax Cassandra driver's BusyPoolException: every connection busy and the wait queue full.
  rule(
    'connection_pool_exhaustion',
    /\bBusyPoolException\b|\bPool is busy\b|no available connection and the queue has reached its max size/i,
    0.9,
    true,
  ),
  rule(
    'connection_pool_exhaustion',
    /waiting for (?:a |database )?connection|max(?:imum)?_?connections|unable to acquire (?:a )?connection/i,
    0.7,
    true,
  ),
  // dependency_timeout
  // A kubelet probe that times out says the container did not answer, not that it waited on a dependency.
  rule(
    'dependency_timeout',
    // "Connection timed out" and "Operation timed out" are strerror(ETIMEDOUT) on Linux and BSD.
    /(?<!probe failed:[^\n]{0,300})(?:\bETIMEDOUT\b|\b(?:read|connect|request|socket|gateway|upstream) ?(?:timed out|timeout)\b|\b(?:connection|operation) timed out\b|deadline exceeded|DEADLINE_EXCEEDED)/i,
    0.9,
    false,
  ),
  rule(
    'dependency_timeout',
    /(?<!probe failed:[^\n]{0,300})(?:\btimed out\b|\btimeout\b|\b504\b|\bslow (?:query|response|request)\b|latency)/i,
    0.5,
    false,
  ),
  rule(
    'dependency_timeout',
    /\b\d{4,}(?:\.\d+)? ?ms\b|\btook \d+(?:\.\d+)? ?s(?:ec(?:onds)?)?\b|full (?:table )?scan/i,
    0.4,
    true,
  ),
  // network_connectivity
  rule(
    'network_connectivity',
    /\bECONNREFUSED\b|connection refused|\bECONNRESET\b|connection reset|no route to host|\bEHOSTUNREACH\b|network is unreachable|broken pipe/i,
    0.8,
    false,
  ),
  // A driver that tried every node of its database and reached none (DataStax NoHostAvailableException).
  rule(
    'network_connectivity',
    /\bNoHostAvailableException\b|All host\(s\) tried for (?:\w+ )?query failed/i,
    0.8,
    false,
  ),
  rule(
    'network_connectivity',
    /partitioned|network partition|\bnode (?:is )?down\b|broker (?:is )?(?:down|not available|unavailable)|lost connection|connection (?:lost|closed)|channel closed/i,
    0.7,
    true,
  ),
  // dns_failure
  rule(
    'dns_failure',
    /\bENOTFOUND\b|\bEAI_AGAIN\b|no such host|server misbehaving|Temporary failure in name resolution|UnknownHostException|could not resolve|Name or service not known|resolver .*timeout|NXDOMAIN|getaddrinfo/i,
    1,
    false,
  ),
  // A resolver's own failure: CoreDNS's errors plugin (`plugin/errors: 2 name. A: ...`) and SERVFAIL answers.
  rule(
    'dns_failure',
    /\bplugin\/errors: \d+ \S+ (?:A|AAAA|SRV|PTR|CNAME|MX|TXT|NS|SOA|HTTPS|ANY):|\bSERVFAIL\b/,
    1,
    true,
  ),
  // tls_certificate
  rule(
    'tls_certificate',
    /certificate (?:has )?expired|cert(?:ificate)? (?:is )?not yet valid|unknown (?:certificate )?authority|self[- ]signed certificate|handshake fail|CERT_HAS_EXPIRED|x509:|SSL(?:Error| error)|ExpiredCert/i,
    1,
    true,
  ),
  // JSSE (PKIX validation, CertificateExpiredException, the certificate_expired alert), OpenSSL and
  // Python's "certificate verify failed", and Go's TLS alerts as a server logs them.
  rule(
    'tls_certificate',
    /PKIX path (?:validation|building) failed|CertPathValidatorException|Certificate(?:Expired|NotYetValid)Exception|SSLHandshakeException|\bcertificate_(?:expired|unknown|revoked)\b|\bbad_certificate\b|certificate verify failed|tls: (?:bad certificate|failed to verify certificate|expired certificate|unknown certificate)/i,
    1,
    true,
  ),
  // throttling
  rule(
    'throttling',
    /ThrottlingException|ProvisionedThroughputExceeded|Rate ?limit(?:ed| exceeded)?|Too Many Requests|\b429\b|rate exceeded|RequestLimitExceeded|SlowDown/i,
    1,
    true,
  ),
  // permission_denied
  rule(
    'permission_denied',
    /AccessDenied|not authorized to perform|permission denied|\b403 Forbidden\b|\bForbidden\b|UnauthorizedOperation|InvalidClientTokenId|ExpiredToken|\b401 Unauthorized\b/i,
    1,
    false,
  ),
  // config_error
  rule(
    'config_error',
    /(?:missing|undefined|not set|unset|required) (?:required )?(?:environment variable|env(?:ironment)? var|config(?:uration)? (?:key|value|property))|environment variable \S+ (?:is )?(?:undefined|missing|not set|unset|required)/i,
    1,
    true,
  ),
  rule(
    'config_error',
    /invalid (?:config(?:uration)?|setting|value for)|config(?:uration)? (?:error|invalid)|missing (?:secret|setting|config)|feature flag .*(?:invalid|missing)|KeyError: '[A-Z_]+'/i,
    0.8,
    true,
  ),
  // crash_loop
  rule(
    'crash_loop',
    /CrashLoopBackOff|Back-off restarting|\bBackOff\b|restart(?:ing)? (?:count|loop)|container (?:restarted|exited)/i,
    0.9,
    true,
  ),
  rule(
    'crash_loop',
    /^panic:|\bpanic:|uncaught exception|unhandled (?:promise )?rejection|Runtime\.ExitError|process exited|segmentation fault|core dumped/i,
    0.6,
    true,
  ),
  // database_lock
  rule(
    'database_lock',
    /deadlock detected|Deadlock found|lock wait timeout|lock timeout|could not obtain lock|LockNotAvailable|could not serialize access/i,
    1,
    true,
  ),
  // cache_failure
  // A cache that is down is the fault whoever reports it (a cache rarely logs its own death).
  rule(
    'cache_failure',
    /\b(?:redis|memcached|valkey)\b.{0,80}\b(?:down|unavailable|failover|refused|lost|fail(?:ed|ure)?|unreachable)|(?:lost connection|connection refused|ECONNREFUSED)[\s\S]{0,120}\b(?:redis|memcached|valkey)\b|failover (?:started|in progress)/i,
    1,
    true,
  ),
  // Redis error replies (CLUSTERDOWN, READONLY, MASTERDOWN, LOADING) are the server's state as a
  // client prints it: a report of the cache's failure, so a cache that logs its own beats its callers.
  rule('cache_failure', /CLUSTERDOWN|READONLY You can't write|MASTERDOWN|LOADING Redis is loading/, 1, false),
  // A Redis server's own log of losing its cluster or its primary (cluster bus FAIL reports, failover).
  rule(
    'cache_failure',
    /Cluster state changed: fail|FAIL message received from|Marking node \S+ as failing|Connection with (?:master|replica)\b[^\n]{0,60}\blost|Failover election (?:in progress|won)|MASTER <-> REPLICA sync[^\n]{0,40}(?:fail|error)|Error condition on socket for SYNC/i,
    1,
    true,
  ),
  // queue_backlog
  rule(
    'queue_backlog',
    /consumer lag|(?<!event[- ]loop )\blag (?:is )?\d|rebalanc|oldest message age|ApproximateAgeOfOldestMessage|age of (?:the )?oldest message|backlog|commit failed|CommitFailedException|poll timeout has expired|max\.poll\.interval\.ms|kicked out of the group|queue (?:depth|length|is full)/i,
    0.9,
    true,
  ),
  // data_error
  rule(
    'data_error',
    /SyntaxError|Unexpected token|is not valid JSON|JSONDecodeError|malformed|schema (?:validation|mismatch)|deserializ|parse error|could not parse|unexpected content[- ]type|content-type text\/html|invalid (?:payload|json|format|input)/i,
    0.9,
    false,
  ),
  rule(
    'data_error',
    /\bis (?:null|empty)\b|\bnot found\b|\bno content\b|\bNo \w+ (?:found|according to)\b|\breturned (?:null|empty|nothing)\b/i,
    0.5,
    true,
  ),
  // bad_deployment has no phrase of its own: it is inferred from a new version followed by errors.
];

/** Words that make a line error-like whatever its level (a runtime that writes errors to stdout). */
export const FAILURE_WORDS =
  /\b(?:error|errors|fail(?:ed|ure|ing)?|exception|fatal|panic|refused|denied|killed|crash(?:ed)?|unavailable|exhausted|expired|invalid|missing|undefined|cannot|can't|unable|timed out|timeout|abort(?:ed)?|degrad(?:ed|ation)|critical|rejected|unhealthy|back-off)\b/i;
