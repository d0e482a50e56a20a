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
  /** The system whose documentation or source uses these words. */
  source: string;
  /**
   * The words name the caller's own identity as the one refused, so they stay its own fault even
   * as an exception its client library raised with the server's message.
   */
  callerIdentity?: true;
}

const rule = (
  faultClass: SignalRule['faultClass'],
  pattern: RegExp,
  strength: number,
  own: boolean,
  source: string,
  callerIdentity = false,
): SignalRule => ({
  faultClass,
  pattern,
  strength,
  own,
  source,
  ...(callerIdentity ? { callerIdentity: true as const } : {}),
});

export const SIGNAL_RULES: readonly SignalRule[] = [
  // memory_exhaustion
  rule(
    'memory_exhaustion',
    /\bOOM ?Kill(?:ed|ing)?\b|\bOOMKilled\b/i,
    1,
    true,
    'Kubernetes: container status reason OOMKilled, kubelet/kernel event OOMKilling',
  ),
  rule(
    'memory_exhaustion',
    /(?<!Perhaps )\bout of memory\b|\bOutOfMemory(?:Error)?\b|heap out of memory|Cannot allocate memory/i,
    1,
    true,
    'Linux kernel OOM killer ("Out of memory"), JVM java.lang.OutOfMemoryError, V8 "JavaScript heap out of memory", strerror(ENOMEM)',
  ),
  // Gunicorn's arbiter says this of any worker killed by SIGKILL, its own after a WORKER TIMEOUT
  // included: a guess, as its words say.
  rule(
    'memory_exhaustion',
    /\bwas sent SIGKILL! Perhaps out of memory\?/,
    0.5,
    true,
    'Gunicorn arbiter.py: "Worker (pid:%s) was sent SIGKILL! Perhaps out of memory?"',
  ),
  rule(
    'memory_exhaustion',
    /\bexit(?:ed)?(?: with)? code:? ?137\b|\bsignal: killed\b/i,
    0.8,
    true,
    'POSIX: exit status 128+9 (SIGKILL) as Docker/Kubernetes report it; Go os/exec "signal: killed"',
  ),
  rule(
    'memory_exhaustion',
    /Runtime\.OutOfMemory|Memory Size: (\d+) MB\s+Max Memory Used: \1 MB|memory limit (?:exceeded|reached)/i,
    0.8,
    true,
    'AWS Lambda: Runtime.OutOfMemory error type, REPORT line whose "Max Memory Used" reaches its "Memory Size"; cgroup memory limit',
  ),
  rule(
    'memory_exhaustion',
    /\b(?:heap|memory) (?:usage|used)\b.*\b(?:critical|[89]\d(?:\.\d+)?%|of .*limit)|GC overhead limit|gc pause/i,
    0.6,
    true,
    'JVM: "GC overhead limit exceeded" (OutOfMemoryError detail), GC logs\' pause lines',
  ),
  // cpu_saturation
  rule(
    'cpu_saturation',
    /\bCPU (?:usage |utili[sz]ation )?(?:at |is )?(?:100|9\d)(?:\.\d+)?%|cpu throttl|throttled (?:cpu|periods)/i,
    1,
    true,
    'Linux CFS cgroup stats (nr_throttled, throttled_time); Kubernetes CPUThrottlingHigh runbook',
  ),
  rule(
    'cpu_saturation',
    /\bload average\b|CPU (?:contention|saturat|starv)/i,
    0.7,
    true,
    'uptime(1)/proc/loadavg "load average"; Kubernetes node-pressure documentation (CPU contention)',
  ),
  // A Node process whose event loop lags is busy on its one thread: the contract's CPU evidence.
  rule(
    'cpu_saturation',
    /event[- ]loop (?:lag|blocked|delay|utili[sz]ation)/i,
    0.9,
    true,
    'Node.js perf_hooks monitorEventLoopDelay / event-loop utilization (ELU) documentation',
  ),
  // disk_full
  rule(
    'disk_full',
    /No space left on device|\bENOSPC\b|disk (?:is )?full|(?:flood[- ]stage|high) disk watermark|disk quota exceeded/i,
    1,
    true,
    'strerror(ENOSPC) "No space left on device"; Elasticsearch disk-based shard allocation (flood-stage, high watermark); EDQUOT',
  ),
  // A client told that an index is blocked because the search cluster's disk crossed its
  // flood-stage watermark: the cluster's disk, not the client's, and not a permission it lacks.
  rule(
    'disk_full',
    /cluster_block_exception[^\n]{0,300}(?:read[-_ ]only[-_ /]*allow[-_ ]delete|flood[- ]stage)|FORBIDDEN\/12\/index read-only|TOO_MANY_REQUESTS\/12\/disk usage exceeded/i,
    1,
    false,
    'Elasticsearch and OpenSearch index block read_only_allow_delete, set at the flood-stage disk watermark: "cluster_block_exception … FORBIDDEN/12/index read-only / allow delete (api)", "TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark"',
  ),
  // The kubelet evicting pods because its node ran short of disk or inodes (node-pressure
  // eviction), and the scheduler refusing the node it tainted: the node's disk, filled by whatever
  // writes to it, not the fault of the pod evicted or left pending.
  rule(
    'disk_full',
    /\bThe node was low on resource: (?:inodes|ephemeral-storage|nodefs|imagefs)\b|\bAttempting to reclaim (?:inodes|ephemeral-storage|nodefs|imagefs)\b|\buntolerated taint \{?node\.kubernetes\.io\/disk-pressure\b/i,
    1,
    false,
    'Kubernetes kubelet node-pressure eviction ("The node was low on resource: inodes", EvictionThresholdMet "Attempting to reclaim inodes"); scheduler FailedScheduling "untolerated taint {node.kubernetes.io/disk-pressure: }"',
  ),
  // Storage exhaustion in a managed database's own words (RDS events RDS-EVENT-0007 "Allocated
  // storage has been exhausted", RDS-EVENT-0089 "almost full", Aurora's "dangerously low").
  rule(
    'disk_full',
    /\b(?:storage|disk)(?: space)? (?:is |has been )?(?:(?:getting|critically|dangerously|running) low|almost full|exhausted)|\b(?:ran|run|running) out of (?:storage|disk)(?: space)?|\binsufficient (?:storage|disk)(?: space)?/i,
    1,
    true,
    'Amazon RDS events RDS-EVENT-0007 (allocated storage exhausted), RDS-EVENT-0089 (storage almost full); Aurora storage events',
  ),
  // A process at its limit of open descriptors (sockets and files alike): a resource the fault
  // classes have no name for, and always the emitting process's own.
  rule(
    'other',
    /\btoo many open files\b|\bEMFILE\b|\bENFILE\b|file table overflow/i,
    1,
    true,
    'POSIX errno EMFILE/ENFILE, strerror "Too many open files" and "Too many open files in system" (glibc; Go syscall.EMFILE; Java IOException "Too many open files"); Node EMFILE',
  ),
  // A pod's volume that cannot be attached to its node or mounted (the attach/detach controller's
  // FailedAttachVolume, the kubelet's FailedMount): a storage fault the classes have no name for.
  // A volume still attached to the node the pod left is the plainest case.
  rule(
    'other',
    /\bMulti-Attach error for volume\b|\bAttachVolume\.Attach failed for volume\b/i,
    1,
    true,
    'Kubernetes attach/detach controller event FailedAttachVolume ("Multi-Attach error for volume … Volume is already exclusively attached to one node", "AttachVolume.Attach failed for volume")',
  ),
  // A subnet with no free addresses left: the network plugin cannot give new pods (or ENIs) an IP,
  // so what scales out never starts. An address space running out has no class of its own.
  rule(
    'other',
    /\bInsufficientFreeAddressesInSubnet\b|\bnot enough free addresses in subnet\b|\bno available IP\/Prefix addresses\b/i,
    1,
    true,
    'Amazon EC2 API error InsufficientFreeAddressesInSubnet ("There are not enough free addresses in subnet"); Amazon VPC CNI ipamd "AssignPodIPv4Address: no available IP/Prefix addresses"',
  ),
  rule(
    'other',
    /\bfailed to assign an IP address to container\b/i,
    0.8,
    false,
    'Amazon VPC CNI plugin error in the kubelet\'s FailedCreatePodSandBox event ("add cmd: failed to assign an IP address to container")',
  ),
  // A host clock that is wrong: a fault of its own the classes have no name for. What its clock
  // stamps (a token's nbf and iat, a signed request's date) is then refused by everyone else's,
  // in words (a token not valid yet) that do not say whose clock is wrong: those stay unnamed.
  rule(
    'other',
    /\bSystem clock wrong by\b|\bSystem clock synchronized: no\b|\bclock (?:is )?(?:unsynchroni[sz]ed|not synchroni[sz]ed)\b|\btime sync(?:hroni[sz]ation)?\b[^\n]{0,40}\b(?:failed|lost)\b/i,
    0.8,
    true,
    'chrony "System clock wrong by N seconds" (chronyd(8)); timedatectl "System clock synchronized: no"; Amazon Time Sync Service documentation (a clock not synchronized, time sync lost)',
  ),
  rule(
    'other',
    /\bUnable to attach or mount volumes\b/i,
    0.6,
    true,
    'Kubernetes kubelet event FailedMount ("Unable to attach or mount volumes: unmounted volumes=[…]"), which also follows a missing Secret or ConfigMap',
  ),
  // connection_pool_exhaustion
  rule(
    'connection_pool_exhaustion',
    /(?:connection )?pool (?:is )?(?:exhausted|empty|starv)|Connection is not available|too many (?:clients|connections)|remaining connection slots are reserved/i,
    1,
    true,
    'HikariCP "Connection is not available"; PostgreSQL 53300 "too many clients", "remaining connection slots are reserved"; MySQL ER_CON_COUNT_ERROR 1040',
  ),
  rule(
    'connection_pool_exhaustion',
    /connections? (?:are |were )?not (?:returned|released|closed)|connection leak|leaked connection|open (?:database )?connections: \d/i,
    0.9,
    true,
    'HikariCP leak detection ("Connection leak detection triggered"); pgbouncer/driver pool diagnostics',
  ),
  // The DataStax Cassandra driver's BusyPoolException: every connection busy and the wait queue full.
  rule(
    'connection_pool_exhaustion',
    /\bBusyPoolException\b|\bPool is busy\b|no available connection and the queue has reached its max size/i,
    0.9,
    true,
    'DataStax Java driver BusyPoolException ("Pool is busy", queue reached its max size)',
  ),
  // Acquiring a connection from a pool that timed out is the pool exhausted, whatever timeout
  // words come with it: the specific mechanism outranks the generic "deadline exceeded".
  rule(
    'connection_pool_exhaustion',
    /\bacquir(?:e|ing) (?:a |db |database |sql )?conn(?:ection)?s?\b[^\n]{0,80}?(?:deadline exceeded|timed? ?out|timeout)|Timeout acquiring a connection|ConnectionAcquireTimeoutError|QueuePool limit of size \d+ overflow -?\d+ reached/i,
    1,
    true,
    'pgx pgxpool.Acquire returning its context\'s "context deadline exceeded"; Knex "Timeout acquiring a connection. The pool is probably full."; Sequelize ConnectionAcquireTimeoutError; SQLAlchemy TimeoutError "QueuePool limit of size 5 overflow 10 reached, connection timed out"',
  ),
  rule(
    'connection_pool_exhaustion',
    /waiting for (?:a |database )?connection|max(?:imum)?_?connections|unable to acquire (?:a )?connection/i,
    0.7,
    true,
    'PostgreSQL max_connections parameter; SQLAlchemy QueuePool "timeout waiting for connection"; node-postgres "unable to acquire a connection"',
  ),
  // dependency_timeout
  // A kubelet probe that times out says the container did not answer, not that it waited on a dependency.
  rule(
    'dependency_timeout',
    // "Connection timed out" and "Operation timed out" are strerror(ETIMEDOUT) on Linux and BSD.
    /(?<!probe failed:[^\n]{0,300})(?:\bETIMEDOUT\b|\b(?:read|connect|request|socket|gateway|upstream) ?(?:timed out|timeout)\b|\b(?:connection|operation) timed out\b|deadline exceeded|DEADLINE_EXCEEDED|\btimeout of \d+ ?ms exceeded)/i,
    0.9,
    false,
    'strerror(ETIMEDOUT) on Linux/BSD; Java SocketTimeoutException "Read timed out"/"connect timed out"; gRPC DEADLINE_EXCEEDED; nginx "upstream timed out"; Axios ECONNABORTED "timeout of 2500ms exceeded"',
  ),
  rule(
    'dependency_timeout',
    // A timeout followed by its value (`with timeout of 5m0s`, `timeout=30s`) is a setting, not an event.
    /(?<!probe failed:[^\n]{0,300})(?:\btimed out\b|\btimeout\b(?!\s*(?:of\s+|=\s*|:\s*)\d)|\b504\b|\bslow (?:query|response|request)\b|latency)/i,
    0.5,
    false,
    'RFC 9110 504 Gateway Timeout; generic "timed out" of client libraries (Java, Python, Go net/http "Client.Timeout")',
  ),
  // A server told that its caller gave up before the answer was written: the service answered too
  // slowly for its callers (their timeout), its own symptom of a slow fault.
  rule(
    'dependency_timeout',
    /\bClientAbortException\b|\bclient (?:disconnected|prematurely closed (?:the )?connection)\b/i,
    0.9,
    true,
    'Apache Tomcat ClientAbortException (a request aborted by the remote client); nginx "client prematurely closed connection"; Go x/net/http2 server "client disconnected"',
  ),
  rule(
    'dependency_timeout',
    /\b\d{4,}(?:\.\d+)? ?ms\b|\btook \d+(?:\.\d+)? ?s(?:ec(?:onds)?)?\b|\bQuery_time: [1-9]\d*(?:\.\d+)?\s|full (?:table )?scan/i,
    0.4,
    true,
    'PostgreSQL log_min_duration_statement ("duration: N ms"); MySQL slow query log ("Query_time: N" seconds, one or more); EXPLAIN full table scan',
  ),
  // network_connectivity
  rule(
    'network_connectivity',
    // A kubelet probe refused (`Liveness probe failed: … connect: connection refused`) is the
    // container not listening yet or any more, not the network: as for the timeout rules above.
    /(?<!probe failed:[^\n]{0,300})(?:\bECONNREFUSED\b|connection refused|\bECONNRESET\b|connection reset|no route to host|\bEHOSTUNREACH\b|network is unreachable|broken pipe)/i,
    0.8,
    false,
    'strerror(ECONNREFUSED, ECONNRESET, EHOSTUNREACH, ENETUNREACH, EPIPE "Broken pipe")',
  ),
  // A proxy refusing a connection no listener filter chain matches: Envoy's (and Istio's sidecars')
  // connection termination detail, logged when a plain-text client meets a listener that takes
  // mutual TLS only. The proxy's own refusal, of the workload it fronts.
  rule(
    'network_connectivity',
    /\bfilter_chain_not_found\b/,
    0.8,
    true,
    'Envoy access log connection termination details: filter_chain_not_found ("the connection was rejected since no matching filter chain was found")',
  ),
  // A managed database announcing that its primary went away and a standby takes over: its clients'
  // connections drop until the new primary answers.
  rule(
    'network_connectivity',
    /\bMulti-AZ (?:instance |cluster )?failover (?:started|completed|to standby)|\bfailover to standby complete/i,
    0.8,
    true,
    'Amazon RDS events RDS-EVENT-0013 ("Multi-AZ instance failover started"), RDS-EVENT-0049 ("Multi-AZ instance failover completed"), RDS-EVENT-0015 ("Multi-AZ failover to standby complete")',
  ),
  // A driver that tried every node of its database and reached none (DataStax NoHostAvailableException).
  rule(
    'network_connectivity',
    /\bNoHostAvailableException\b|All host\(s\) tried for (?:\w+ )?query failed/i,
    0.8,
    false,
    'DataStax drivers NoHostAvailableException ("All host(s) tried for query failed")',
  ),
  rule(
    'network_connectivity',
    /partitioned|network partition|\bnode (?:is )?down\b|broker (?:is )?(?:down|not available|unavailable)|lost connection|connection (?:lost|closed)|channel closed/i,
    0.7,
    true,
    'Kafka client "Broker may not be available"; RabbitMQ/AMQP "channel closed"; Elasticsearch/etcd "node ... down", network partition',
  ),
  // dns_failure
  rule(
    'dns_failure',
    /\bENOTFOUND\b|\bEAI_AGAIN\b|no such host|server misbehaving|Temporary failure in name resolution|UnknownHostException|could not resolve|Name or service not known|resolver .*timeout|NXDOMAIN|getaddrinfo/i,
    1,
    false,
    'getaddrinfo(3) EAI_AGAIN/EAI_NONAME ("Temporary failure in name resolution", "Name or service not known"); Node ENOTFOUND; Go "no such host", "server misbehaving"; Java UnknownHostException; RFC 1035 NXDOMAIN',
  ),
  // A resolver's own failure: CoreDNS's errors plugin (`plugin/errors: 2 name. A: ...`) and SERVFAIL answers.
  rule(
    'dns_failure',
    /\bplugin\/errors: \d+ \S+ (?:A|AAAA|SRV|PTR|CNAME|MX|TXT|NS|SOA|HTTPS|ANY):|\bSERVFAIL\b/,
    1,
    true,
    'CoreDNS errors plugin log format; RFC 1035 RCODE 2 SERVFAIL',
  ),
  // tls_certificate
  // A failed verification is about the certificate the peer presented (a client checking its
  // server's, an mTLS server its client's): it reports the peer, so it comes first and wins ties.
  rule(
    'tls_certificate',
    /failed to verify certificate|certificate verify failed|CERTIFICATE_VERIFY_FAILED|PKIX path (?:validation|building) failed|unable to find valid certification path|\bCERT_HAS_EXPIRED\b|authentication handshake failed|x509: certificate (?:has expired or is not yet valid|signed by unknown authority)/i,
    1,
    false,
    'Go crypto/tls "tls: failed to verify certificate" and crypto/x509 verification errors; grpc-go "transport: authentication handshake failed"; OpenSSL/Python ssl CERTIFICATE_VERIFY_FAILED "certificate verify failed"; Java JSSE "PKIX path building failed: unable to find valid certification path"; Node CERT_HAS_EXPIRED',
  ),
  // Python's ssl.SSLError (and requests' SSLError that wraps it) is raised for any failure of a
  // TLS connection, most often the verification of the peer's certificate: a connection's failure,
  // not a statement about this side's own certificate.
  rule(
    'tls_certificate',
    /\bSSL(?:Error| error)\b/,
    0.9,
    false,
    'Python ssl.SSLError and requests.exceptions.SSLError ("HTTPSConnectionPool(host=…): Max retries exceeded … (Caused by SSLError(…))"); OpenSSL "SSL error"',
  ),
  // The peer refused this side's own certificate (a TLS alert received): its own fault.
  rule(
    'tls_certificate',
    /remote error: tls: (?:bad|expired|revoked|unknown|unsupported) certificate/i,
    1,
    true,
    'Go crypto/tls: an alert received from the peer ("remote error: tls: bad certificate", alerts 42-46 of RFC 8446)',
  ),
  rule(
    'tls_certificate',
    /certificate (?:has )?expired|cert(?:ificate)? (?:is )?not yet valid|unknown (?:certificate )?authority|self[- ]signed certificate|handshake fail|CERT_HAS_EXPIRED|x509:|ExpiredCert/i,
    1,
    true,
    'OpenSSL verify errors ("certificate has expired", "unable to get local issuer certificate", self-signed); Node CERT_HAS_EXPIRED; Go crypto/x509',
  ),
  // JSSE (PKIX validation, CertificateExpiredException, the certificate_expired alert), OpenSSL and
  // Python's "certificate verify failed", and Go's TLS alerts as a server logs them.
  rule(
    'tls_certificate',
    /CertPathValidatorException|Certificate(?:Expired|NotYetValid)Exception|SSLHandshakeException|\bcertificate_(?:expired|unknown|revoked)\b|\bbad_certificate\b|tls: (?:bad certificate|expired certificate|unknown certificate)/i,
    1,
    true,
    'Java JSSE (PKIX path validation, CertificateExpiredException, SSLHandshakeException); TLS alerts of RFC 8446 (certificate_expired, bad_certificate); Python ssl "certificate verify failed"; Go crypto/tls',
  ),
  // throttling
  rule(
    'throttling',
    /ThrottlingException|ProvisionedThroughputExceeded|Rate ?limit(?:ed| exceeded)?|Too Many Requests|\b429\b|rate exceeded|RequestLimitExceeded|SlowDown/i,
    1,
    true,
    'AWS error codes ThrottlingException, ProvisionedThroughputExceededException, RequestLimitExceeded, SlowDown (S3); RFC 6585 429 Too Many Requests',
  ),
  // permission_denied
  rule(
    'permission_denied',
    /AccessDenied|not authorized to perform|permission denied|\b403 Forbidden\b|\bForbidden\b(?!:\s*(?:exceeded quota|(?:maximum|minimum) \S+ usage per))|UnauthorizedOperation|InvalidClientTokenId|ExpiredToken|\b401 Unauthorized\b/i,
    1,
    false,
    'AWS AccessDenied/AccessDeniedException, "is not authorized to perform", UnauthorizedOperation, InvalidClientTokenId, ExpiredToken; RFC 9110 401/403; strerror(EACCES) "Permission denied"',
  ),
  // The Kubernetes authorizer refusing the caller's own identity a verb on a resource: the
  // caller's role lacks the permission, a fault of the caller's, not of the API server it called.
  rule(
    'permission_denied',
    /\bUser "[^"\n]{1,200}" cannot (?:get|list|watch|create|update|patch|delete|deletecollection|impersonate) resource "/,
    1,
    true,
    'Kubernetes apiserver RBAC denial: "<resource> is forbidden: User "system:serviceaccount:ns:sa" cannot create resource "jobs" in API group "batch""',
    true,
  ),
  // AWS refusing the caller's own principal an action (IAM's access-denied message names the
  // principal that asked): the caller's role or user lacks the permission, a fault of the caller's
  // policy, not of the service that refused it.
  rule(
    'permission_denied',
    /\bUser: arn:aws[\w-]*:(?:sts|iam)::\d{12}:(?:assumed-role|role|user)\/[^\s]{1,300} is not authorized to perform: /,
    1,
    true,
    'AWS IAM User Guide, "Troubleshoot access denied error messages": "User: arn:aws:sts::123456789012:assumed-role/R/S is not authorized to perform: s3:PutObject on resource: … because no identity-based policy allows …"',
    true,
  ),
  // A database refusing a login's credentials: the login's password or user is wrong for it (a
  // rotated secret the client has not picked up). Said by the database and by the client alike.
  rule(
    'permission_denied',
    /\bAccess denied for user\b|\bpassword authentication failed for user\b/i,
    1,
    false,
    'MySQL error 1045 ER_ACCESS_DENIED_ERROR "Access denied for user \'u\'@\'h\' (using password: YES)"; PostgreSQL SQLSTATE 28P01 "password authentication failed for user"',
  ),
  // A credential the provider no longer accepts: the error codes APIs answer with, or a 401/403 as
  // the answer a call got (`-> 401`, `returned 403`). A server's own words for a caller it turned
  // away ("request rejected: 401 api key revoked", `status=401` in its access line) are not these.
  rule(
    'permission_denied',
    /\binvalid_(?:api_key|token|client|grant)\b|(?:->|\breturned|\bresponded(?: with)?)\s*(?:HTTP\s*)?40[13]\b/i,
    0.9,
    false,
    "RFC 6749 §5.2 error codes invalid_client/invalid_grant; RFC 6750 §3.1 invalid_token; OpenAI API error code invalid_api_key; RFC 9110 401 Unauthorized and 403 Forbidden as a call's answer",
  ),
  // config_error
  // The scheduler finding no node with room for what the pod requests, and the autoscaler finding no
  // node group that could add one: the workload asks for more than the cluster can place.
  rule(
    'config_error',
    /\bnodes are available:[^\n]{0,200}\bInsufficient (?:cpu|memory|ephemeral-storage|nvidia\.com\/gpu)\b|\bpod didn't trigger scale-up\b|\bNotTriggerScaleUp\b/i,
    0.8,
    true,
    'Kubernetes scheduler FailedScheduling event "0/6 nodes are available: 6 Insufficient memory"; cluster-autoscaler NotTriggerScaleUp event "pod didn\'t trigger scale-up"',
  ),
  rule(
    'config_error',
    /forbidden:\s*(?:exceeded quota|(?:maximum|minimum) \S+ usage per)/i,
    1,
    true,
    'Kubernetes admission: ResourceQuota "is forbidden: exceeded quota", LimitRanger "forbidden: maximum cpu usage per Container" (a namespace limit refuses the workload)',
  ),
  rule(
    'config_error',
    /(?:missing|undefined|not set|unset|required) (?:required )?(?:environment variable|env(?:ironment)? var|config(?:uration)? (?:key|value|property))|environment variable \S+ (?:is )?(?:undefined|missing|not set|unset|required)/i,
    1,
    true,
    'Twelve-factor/framework startup errors for missing environment variables (Spring "Could not resolve placeholder", Node process.env checks)',
  ),
  // A running process refusing a configuration it was asked to (re)load: it keeps or loses its old
  // one, and whatever the new file set does not happen.
  rule(
    'config_error',
    /\bconfig(?:uration)?(?: file)? (?:re)?load(?:ing)? (?:rejected|failed)|\b(?:error|failed to) (?:re)?load(?:ing)? (?:the )?config(?:uration)?(?: file)?\b|\bLoading configuration file failed\b|\bgRPC config for \S+ rejected\b/i,
    0.8,
    true,
    'Prometheus "Error reloading config" / "Error loading config"; Alertmanager "Loading configuration file failed"; Envoy xDS "gRPC config for … rejected"; a hot reload that refuses the file ("config reload rejected")',
  ),
  rule(
    'config_error',
    /invalid (?:config(?:uration)?|setting|value for)|config(?:uration)? (?:error|invalid)|missing (?:secret|setting|config)|feature flag .*(?:invalid|missing)/i,
    0.8,
    true,
    'framework "invalid configuration" errors (Spring, Django ImproperlyConfigured)',
  ),
  // An environment variable's name is upper case (POSIX.1 Base Definitions, 8.1 "Environment
  // Variable Definition"), so a KeyError on one is os.environ's; a lower-case key is a field a
  // message or document lacked, not configuration.
  rule(
    'config_error',
    /KeyError: '[A-Z][A-Z0-9_]*'/,
    0.8,
    true,
    'Python KeyError on os.environ (os.environ["DATABASE_URL"]), environment variable names per POSIX.1',
  ),
  // crash_loop
  rule(
    'crash_loop',
    /CrashLoopBackOff|Back-off restarting|\bBackOff\b|restart(?:ing)? (?:count|loop)|container (?:restarted|exited)/i,
    0.9,
    true,
    'Kubernetes: CrashLoopBackOff waiting reason, kubelet "Back-off restarting failed container", BackOff event reason',
  ),
  // ECS's stopped reason when a task's essential container exits by itself (not stopped by the
  // scheduler or a user): the process ended, and the service will start it again.
  rule(
    'crash_loop',
    // Not with exit code 0 alone, as the aws-event style writes it: a task that ran to completion.
    /\bEssential container in task exited\b(?! \(exit code 0\))/,
    0.8,
    true,
    'Amazon ECS Developer Guide, stopped task error codes: stopCode EssentialContainerExited, stoppedReason "Essential container in task exited"',
  ),
  rule(
    'crash_loop',
    /^panic:|\bpanic:|uncaught exception|unhandled (?:promise )?rejection|Runtime\.ExitError|process exited|segmentation fault|core dumped/i,
    0.6,
    true,
    'Go runtime "panic:"; Node.js uncaught exception / unhandled promise rejection; AWS Lambda Runtime.ExitError; SIGSEGV "Segmentation fault (core dumped)"',
  ),
  // database_lock
  rule(
    'database_lock',
    /deadlock detected|Deadlock found|lock wait timeout|lock timeout|could not obtain lock|LockNotAvailable|could not serialize access|\bstill waiting for \w*Lock on\b|Waiting for table metadata lock/i,
    1,
    true,
    'PostgreSQL 40P01 "deadlock detected", 55P03 lock_not_available, 40001 "could not serialize access", log_lock_waits "process N still waiting for ShareLock on transaction M after 1000 ms"; MySQL 1213 "Deadlock found", 1205 "Lock wait timeout exceeded", thread state "Waiting for table metadata lock"',
  ),
  // cache_failure
  // A cache that is down is the fault whoever reports it (a cache rarely logs its own death).
  rule(
    'cache_failure',
    /\b(?:io)?(?:redis|memcached?|valkey)\b.{0,80}\b(?:down|unavailable|failover|refused|lost|fail(?:ed|ure)?|unreachable)|(?:lost connection|connection refused|ECONNREFUSED)[\s\S]{0,120}\b(?:redis|memcached|valkey)\b|(?:connection refused|ECONNREFUSED|ECONNRESET)[^\n]{0,80}:(?:6379|11211)\b|:(?:6379|11211)\b[^\n]{0,80}(?:connection refused|ECONNREFUSED|ECONNRESET)|\bFailover from (?:master|primary) node\b/i,
    1,
    true,
    'Redis/Memcached/Valkey clients\' connection errors naming the cache (ioredis, Jedis, redis-py) or its default port (Redis 6379, Memcached 11211); ElastiCache event ElastiCache:FailoverComplete ("Failover from master node … to replica node … completed")',
  ),
  // Redis error replies (CLUSTERDOWN, READONLY, MASTERDOWN, LOADING, OOM) are the server's state as a
  // client prints it: a report of the cache's failure, so a cache that logs its own beats its callers.
  rule(
    'cache_failure',
    /CLUSTERDOWN|READONLY You can't write|MASTERDOWN|LOADING Redis is loading|OOM command not allowed when used memory > 'maxmemory'/,
    1,
    false,
    'Redis error replies CLUSTERDOWN, READONLY, MASTERDOWN, LOADING, and OOM ("OOM command not allowed when used memory > \'maxmemory\'", server.c, with maxmemory reached under the noeviction policy) (Redis documentation of error replies)',
  ),
  // A client's call to a cache's port that got no answer in time: the cache did not answer (its
  // node gone, or moved under an address the client still holds), reported by its client.
  rule(
    'cache_failure',
    /(?:connection timed out|ETIMEDOUT)[^\n]{0,80}:(?:6379|11211)\b|:(?:6379|11211)\b[^\n]{0,80}(?:connection timed out|ETIMEDOUT)/i,
    0.9,
    false,
    'strerror(ETIMEDOUT) "Connection timed out" on a connection to the default port of Redis (6379) or Memcached (11211)',
  ),
  // A Redis server's own log of losing its cluster or its primary (cluster bus FAIL reports, failover).
  rule(
    'cache_failure',
    /Cluster state changed: fail|FAIL message received from|Marking node \S+ as failing|Connection with (?:master|replica)\b[^\n]{0,60}\blost|Failover election (?:in progress|won)|MASTER <-> REPLICA sync[^\n]{0,40}(?:fail|error)|Error condition on socket for SYNC/i,
    1,
    true,
    'Redis server log of cluster bus and replication (cluster.c "Cluster state changed: fail", "FAIL message received"; replication.c "MASTER <-> REPLICA sync")',
  ),
  // queue_backlog
  rule(
    'queue_backlog',
    /consumer lag|(?<!event[- ]loop )\blag (?:is )?\d|rebalanc|oldest message age|ApproximateAgeOfOldestMessage|age of (?:the )?oldest message|backlog|commit failed|CommitFailedException|poll timeout has expired|max\.poll\.interval\.ms|kicked out of the group|queue (?:depth|length|is full)/i,
    0.9,
    true,
    'Kafka clients (CommitFailedException, max.poll.interval.ms, rebalance); Amazon SQS ApproximateAgeOfOldestMessage; consumer lag (kafka-consumer-groups)',
  ),
  // A consumer that could not delete or extend a message because its receipt handle is stale: the
  // message's visibility timeout ran out while it was still being worked on, so it was delivered
  // again (to this or another consumer) and its work is repeated.
  rule(
    'queue_backlog',
    /\bReceiptHandleIsInvalid\b|\bMessage does not exist or is not available for visibility timeout change\b|\bMessageNotInflight\b/,
    0.8,
    true,
    'Amazon SQS API errors ReceiptHandleIsInvalid (DeleteMessage, DeleteMessageBatch), MessageNotInflight and "Message does not exist or is not available for visibility timeout change" (ChangeMessageVisibility), returned for a receipt handle whose visibility timeout expired (Amazon SQS Developer Guide, "Amazon SQS visibility timeout")',
  ),
  // A broker that stopped taking messages because the ones not yet consumed filled its memory: its
  // memory alarm, and the AMQP connection.blocked its publishers receive. Messages piling up is the
  // usual reason (consumers gone or too slow); the words do not say whose fault that is.
  rule(
    'queue_backlog',
    /\bmemory resource limit alarm set\b|\bPublishers will be blocked until this alarm clears\b|\bConnection\.Blocked\b|\bconnection blocked by (?:the )?broker\b/i,
    0.8,
    false,
    'RabbitMQ memory alarm ("memory resource limit alarm set on node", "Publishers will be blocked until this alarm clears", RabbitMQ "Memory and Disk Alarms"); AMQP 0-9-1 connection.blocked extension ("Blocked Connection Notifications")',
  ),
  // data_error
  rule(
    'data_error',
    /SyntaxError|Unexpected token|is not valid JSON|JSONDecodeError|malformed|schema (?:validation|mismatch)|deserializ|parse error|could not parse|unexpected content[- ]type|content-type text\/html|invalid (?:payload|json|format|input)/i,
    0.9,
    false,
    'JavaScript SyntaxError/"Unexpected token" in JSON.parse; Python json.JSONDecodeError; Jackson deserialization errors; JSON Schema validation',
  ),
  // A value of the wrong type in received data: the conversion errors of each runtime.
  rule(
    'data_error',
    /invalid literal for (?:int|float)\(\)|NumberFormatException|cannot unmarshal \w+ into Go (?:struct field|value)|strconv\.Parse\w+: parsing|MismatchedInputException|Cannot deserialize value of type|InvalidFormatException|\b\d+ validation errors? for \w+|\bSystem\.FormatException\b|was not recognized as a valid DateTime|Input string was not in a correct format/i,
    0.9,
    false,
    'Python ValueError "invalid literal for int() with base 10"; Java NumberFormatException; Go encoding/json "cannot unmarshal string into Go struct field", strconv "parsing ...: invalid syntax"; Jackson MismatchedInputException/InvalidFormatException "Cannot deserialize value of type"; pydantic ValidationError "1 validation error for Model"; .NET System.FormatException ("String \'…\' was not recognized as a valid DateTime", "Input string was not in a correct format")',
  ),
  rule(
    'data_error',
    /\bis (?:null|empty)\b|\bnot found\b|\breturned (?:null|empty|nothing)\b/i,
    0.5,
    true,
    'RFC 9110 404 Not Found; null/empty results reported by the application itself',
  ),
  // bad_deployment is mostly inferred from a new version followed by errors; a release whose image
  // cannot be pulled never ran, so the release itself is the fault.
  rule(
    'bad_deployment',
    /\bErrImagePull\b|\bImagePullBackOff\b|\bInvalidImageName\b|\bFailed to pull image\b|\bBack-off pulling image\b|\bCannotPullContainerError\b|\bmanifest unknown\b/i,
    0.9,
    true,
    'Kubernetes kubelet image pull errors (ErrImagePull, ImagePullBackOff, InvalidImageName, "Failed to pull image", "Back-off pulling image"); Amazon ECS stopped reason CannotPullContainerError; OCI distribution error MANIFEST_UNKNOWN ("manifest unknown")',
  ),
];

/** Words that make a line error-like whatever its level (a runtime that writes errors to stdout). */
export const FAILURE_WORDS =
  /\b(?:error|errors|fail(?:ed|ure|ing)?|exception|fatal|panic|refused|denied|killed|crash(?:ed)?|unavailable|exhausted|expired|invalid|missing|undefined|cannot|can't|unable|timed out|timeout|abort(?:ed)?|degrad(?:ed|ation)|critical|rejected|unhealthy|back-off)\b/i;
