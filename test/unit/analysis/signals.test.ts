import { describe, expect, it } from 'vitest';
import { isErrorLike, lineSignals } from '../../../shared/analysis/signals/classify-line.ts';

const top = (message: string) =>
  [...lineSignals(message)].sort((a, b) => b.strength - a.strength)[0]?.faultClass;

describe('fault signals from the meaning of a line', () => {
  it.each([
    [
      'Container payment-service in pod payment-service-5c8f8-xj2p was OOMKilled (exit code 137)',
      'memory_exhaustion',
    ],
    ['java.lang.OutOfMemoryError: Java heap space', 'memory_exhaustion'],
    [
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
      'memory_exhaustion',
    ],
    ['could not write to file "pg_wal/xlogtemp.59588": No space left on device', 'disk_full'],
    [
      'remaining connection slots are reserved for non-replication superuser connections',
      'connection_pool_exhaustion',
    ],
    [
      'HikariPool-1 - Connection is not available, request timed out after 30000ms.',
      'connection_pool_exhaustion',
    ],
    ['reserve stock failed: connect ETIMEDOUT 10.0.4.21:8080 (inventory-api)', 'dependency_timeout'],
    ['publish failed: Error: connect ECONNREFUSED 10.0.5.23:5672', 'network_connectivity'],
    ['getaddrinfo ENOTFOUND payments.internal', 'dns_failure'],
    ['SSL certificate expired', 'tls_certificate'],
    ['Too Many Requests - Rate limit exceeded (100/second)', 'throttling'],
    ['User: arn:aws:sts::1:assumed-role/x is not authorized to perform: s3:GetObject', 'permission_denied'],
    ['Error: Missing required environment variable STRIPE_WEBHOOK_SECRET', 'config_error'],
    ['Environment variable DEPLOY_ENV is undefined', 'config_error'],
    [
      'level=error msg="Error reloading config" err="couldn\'t load configuration (--config.file=/etc/prom.yml)"',
      'config_error',
    ],
    ['msg="config reload rejected" path=/etc/orders/app.yaml err="retries: not an integer"', 'config_error'],
    ['Back-off restarting failed container api in pod api-7d9f', 'crash_loop'],
    ['chronyd[512]: System clock wrong by 283.114 seconds, adjustment started', 'other'],
    [
      'AllocENI: error attaching ENI: InsufficientFreeAddressesInSubnet: There are not enough free addresses in subnet',
      'other',
    ],
    ['AssignPodIPv4Address: no available IP/Prefix addresses', 'other'],
    [
      "memory resource limit alarm set on node 'rabbit@mq-1'. Publishers will be blocked until this alarm clears",
      'queue_backlog',
    ],
    [
      "WARNING Connection.Blocked received from broker amqp://shop@mq:5672/ reason='low on memory'",
      'queue_backlog',
    ],
    [
      'The node was low on resource: ephemeral-storage. Threshold quantity: 10%, available: 7.9%.',
      'disk_full',
    ],
    ['host check: System clock synchronized: no (NTP service: inactive)', 'other'],
    ['ERROR: deadlock detected', 'database_lock'],
    ['0/9 nodes are available: 3 Insufficient cpu, 6 node(s) had untolerated taint', 'config_error'],
    ["pod didn't trigger scale-up: 2 Insufficient memory", 'config_error'],
    [
      'LOG:  process 5120 still waiting for AccessShareLock on relation 24011 of database 16384 after 1000.204 ms',
      'database_lock',
    ],
    ['Query 88213 state: Waiting for table metadata lock (ALTER TABLE shipments)', 'database_lock'],
    ['Lost connection to Redis: Connection refused (ECONNREFUSED) redis-master:6379', 'cache_failure'],
    ['CLUSTERDOWN The cluster is down', 'cache_failure'],
    ['consumer lag 120000 on partition 3, rebalancing', 'queue_backlog'],
    ['SyntaxError: Unexpected token \'<\', "<!DOCTYPE "... is not valid JSON', 'data_error'],
  ])('%s -> %s', (line, faultClass) => {
    expect(top(line)).toBe(faultClass);
  });

  it("is a process's own descriptor limit, not the name lookup it was making, when files run out", () => {
    const line = 'lookup tiles.svc.local on 10.0.0.10:53: dial udp 10.0.0.10:53: socket: too many open files';
    expect(top(line)).toBe('other');
    expect(lineSignals(line).find((s) => s.faultClass === 'other')?.own).toBe(true);
    expect(top('java.io.IOException: Too many open files')).toBe('other');
    expect(top("Error: EMFILE: too many open files, open '/srv/tiles/12/40.png'")).toBe('other');
  });

  it("is the pod's own volume fault, not a name lookup, when its volume cannot be attached or mounted", () => {
    const attach =
      'Multi-Attach error for volume "pvc-1d0c" Volume is already exclusively attached to one node and can\'t be attached to another';
    expect(top(attach)).toBe('other');
    expect(lineSignals(attach).find((s) => s.faultClass === 'other')).toMatchObject({
      own: true,
      strength: 1,
    });
    // The kubelet's timeout follows a missing Secret as well: it says less.
    const mount =
      'Unable to attach or mount volumes: unmounted volumes=[ledger-data], unattached volumes=[ledger-data]: timed out waiting for the condition';
    expect(lineSignals(mount).find((s) => s.faultClass === 'other')?.strength).toBeLessThan(1);
  });

  it("is configuration when a KeyError names an environment variable, not a message's field", () => {
    expect(top("KeyError: 'LEDGER_DSN'")).toBe('config_error');
    expect(lineSignals("KeyError: 'points'").some((s) => s.faultClass === 'config_error')).toBe(false);
  });

  it("reads a credential refused in a call's answer, not a server turning a caller away", () => {
    const client = 'POST /v1/payouts -> 401 {"error":"invalid_api_key"}';
    expect(top(client)).toBe('permission_denied');
    expect(lineSignals(client).find((s) => s.faultClass === 'permission_denied')?.own).toBe(false);
    expect(top('token exchange failed: invalid_grant (refresh token expired)')).toBe('permission_denied');
    expect(top('GET https://ledger.example/api returned 403')).toBe('permission_denied');
    expect(top('request rejected: 401 api key revoked')).toBeUndefined();
    expect(top('method=POST path=/v1/payouts status=401 dur=3ms')).toBeUndefined();
  });

  it("reads ECS's stopped reason for a container that exited by itself as a crash", () => {
    expect(top('ECS Task State Change: STOPPED: Essential container in task exited')).toBe('crash_loop');
    expect(
      top('ECS Task State Change: STOPPED: Scaling activity initiated by (deployment ecs-svc/1)'),
    ).toBeUndefined();
  });

  it('finds no fault in ordinary lines', () => {
    for (const line of [
      'GET /api/v1/products 200 12ms',
      'payment ord_73201f4217 captured',
      'Heartbeat - application healthy',
      // A timeout with its value is a setting.
      "running 'upgrade' action with timeout of 5m0s",
      'http client ready (timeout=30s, retries=3)',
    ]) {
      expect(lineSignals(line)).toEqual([]);
    }
  });

  it('tells a caller reporting a dependency from a service reporting its own failure', () => {
    expect(lineSignals('connect ECONNREFUSED 10.0.5.23:5672').every((s) => !s.own)).toBe(true);
    expect(lineSignals('No space left on device').every((s) => s.own)).toBe(true);
  });

  it('counts warnings, failure words and strong signals as error-like, not plain info', () => {
    expect(isErrorLike('WARN', 'heap usage high', [])).toBe(true);
    expect(
      isErrorLike(
        'UNKNOWN',
        'Environment variable DEPLOY_ENV is undefined',
        lineSignals('Environment variable DEPLOY_ENV is undefined'),
      ),
    ).toBe(true);
    expect(isErrorLike('INFO', 'request completed in 12ms', [])).toBe(false);
    // A counter or flag saying there was no failure is routine; one that counts failures is not.
    expect(isErrorLike('INFO', 'batch 7 done processed=120 errors=0 failed=false', [])).toBe(false);
    expect(isErrorLike('INFO', '{"msg":"sync done","timeouts":0,"error":null}', [])).toBe(false);
    expect(isErrorLike('INFO', 'nightly sync finished with 0 errors', [])).toBe(false);
    expect(isErrorLike('INFO', 'nightly sync finished with 3 errors', [])).toBe(true);
    expect(isErrorLike('INFO', 'batch 8 done processed=120 errors=4', [])).toBe(true);
    expect(isErrorLike('DEBUG', 'retry failed, will try again', [])).toBe(false);
  });
});

describe('certificate failures: whose certificate', () => {
  const tls = (line: string) => lineSignals(line).find((s) => s.faultClass === 'tls_certificate');
  it('a failed verification reports the peer that presented the certificate', () => {
    expect(
      tls(
        'rpc error: code = Unavailable desc = connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate has expired or is not yet valid"',
      ),
    ).toMatchObject({ strength: 1, own: false });
    expect(
      tls('[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')
        ?.own,
    ).toBe(false);
  });

  it('a certificate the peer refused, or one a service finds expired among its own, is its own fault', () => {
    expect(
      tls('http: TLS handshake error from 10.42.7.230:57072: remote error: tls: bad certificate')?.own,
    ).toBe(true);
    expect(tls('ERROR - SSL certificate expired')?.own).toBe(true);
  });
});

describe('a value of the wrong type in received data', () => {
  it("is a data error in each runtime's words, reported about the data's producer", () => {
    const data = (line: string) => lineSignals(line).find((s) => s.faultClass === 'data_error');
    for (const line of [
      "ValueError: invalid literal for int() with base 10: '12.50'",
      'java.lang.NumberFormatException: For input string: "12.50"',
      'json: cannot unmarshal string into Go struct field Item.price of type int64',
      'strconv.ParseInt: parsing "12.50": invalid syntax',
      'com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type `int` from String "12.50"',
      'pydantic_core._pydantic_core.ValidationError: 1 validation error for LineItem',
      "System.FormatException: String '12.50' was not recognized as a valid DateTime.",
    ])
      expect(data(line), line).toMatchObject({ strength: 0.9, own: false });
  });
});

describe("a runtime's guess at a cause", () => {
  it('is weaker than its statement of one (gunicorn says "Perhaps out of memory?" of any SIGKILL)', () => {
    const guess = lineSignals('[ERROR] Worker (pid:12) was sent SIGKILL! Perhaps out of memory?');
    expect(guess.find((s) => s.faultClass === 'memory_exhaustion')?.strength).toBe(0.5);
    const stated = lineSignals('kernel: Out of memory: Killed process 4121 (gunicorn)');
    expect(stated.find((s) => s.faultClass === 'memory_exhaustion')?.strength).toBe(1);
  });
});

describe("a proxy's refusal of a connection", () => {
  it('is its own connectivity fault when no listener filter chain matched (Envoy)', () => {
    const refused = lineSignals(
      '[2026-10-21T15:25:07.114Z] "- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-" "-" "-" "-" "-" - - 10.52.8.31:8080 10.52.3.77:41822 - -',
    );
    expect(refused.find((s) => s.faultClass === 'network_connectivity')).toMatchObject({
      strength: 0.8,
      own: true,
    });
  });
});
