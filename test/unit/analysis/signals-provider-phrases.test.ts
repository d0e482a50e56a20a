import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../shared/analysis/parse/parse-event.ts';
import { lineSignals } from '../../../shared/analysis/signals/classify-line.ts';

const signal = (message: string, faultClass: string) =>
  lineSignals(message).find((s) => s.faultClass === faultClass);
const classes = (message: string) => lineSignals(message).map((s) => s.faultClass);

describe('TLS failures as JSSE, OpenSSL and Go print them', () => {
  it('reads PKIX validation and CertificateExpiredException as a certificate fault', () => {
    expect(
      classes(
        'javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed',
      ),
    ).toContain('tls_certificate');
    expect(
      classes(
        'Caused by: java.security.cert.CertificateExpiredException: NotAfter: Mon Mar 02 00:10:00 UTC 2026',
      ),
    ).toContain('tls_certificate');
    expect(
      classes('javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_expired'),
    ).toContain('tls_certificate');
    expect(
      classes(
        '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)',
      ),
    ).toContain('tls_certificate');
  });
  it("reads a Go server's handshake alert as its certificate being refused", () => {
    expect(
      signal(
        'http: TLS handshake error from 10.0.3.4:51234: remote error: tls: bad certificate',
        'tls_certificate',
      )?.own,
    ).toBe(true);
    expect(classes('http: TLS handshake error from 10.0.3.4:51234: EOF')).not.toContain('tls_certificate');
  });
});

describe('a resolver reporting its own failure', () => {
  it("reads CoreDNS's errors plugin and SERVFAIL as the resolver's own DNS failure", () => {
    const line =
      '[ERROR] plugin/errors: 2 example.org. A: read udp 10.0.3.41:41162->10.0.9.2:53: i/o timeout';
    expect(signal(line, 'dns_failure')).toMatchObject({ strength: 1, own: true });
    expect(
      signal(
        '[INFO] 10.0.1.5:53012 - 1234 "A IN example.org. udp 29 false 512" SERVFAIL qr,rd 29 2.0s',
        'dns_failure',
      )?.own,
    ).toBe(true);
  });
  it("reads Go's server misbehaving and glibc's resolution failure as a caller's DNS failure", () => {
    expect(
      signal('dial tcp: lookup api.example.com on 172.20.0.10:53: server misbehaving', 'dns_failure')?.own,
    ).toBe(false);
    expect(classes('socket.gaierror: [Errno -3] Temporary failure in name resolution')).toContain(
      'dns_failure',
    );
    expect(classes('java.net.UnknownHostException: db.internal: Name or service not known')).toContain(
      'dns_failure',
    );
  });
});

describe('Redis: the server log and the replies a client prints', () => {
  it("reads a Redis server's cluster-fail and lost-link lines as its own cache failure", () => {
    expect(signal('1:M 22 Apr 2026 19:01:01.000 # Cluster state changed: fail', 'cache_failure')?.own).toBe(
      true,
    );
    expect(signal('1:S 22 Apr 2026 19:01:45.000 # Connection with master lost.', 'cache_failure')?.own).toBe(
      true,
    );
    expect(
      signal('1:M 22 Apr 2026 19:01:00.000 * FAIL message received from 7a1c about 0c2e', 'cache_failure')
        ?.own,
    ).toBe(true);
  });
  it('reads CLUSTERDOWN and READONLY replies as a report of the cache, not the caller', () => {
    expect(signal('ReplyError: CLUSTERDOWN The cluster is down', 'cache_failure')).toMatchObject({
      strength: 1,
      own: false,
    });
    expect(signal("READONLY You can't write against a read only replica.", 'cache_failure')?.own).toBe(false);
  });
  it("reads Redis's OOM reply (maxmemory reached, nothing evictable) as the cache's state, not the caller's memory", () => {
    const reply = "cache write failed: OOM command not allowed when used memory > 'maxmemory'.";
    expect(signal(reply, 'cache_failure')).toMatchObject({ strength: 1, own: false });
    expect(signal(reply, 'memory_exhaustion')).toBeUndefined();
  });
});

describe('JSON keys', () => {
  it('are the schema of every line: only values carry signals', () => {
    const healthy =
      '{"requestId":"c1f0","httpMethod":"GET","status":"200","responseLatency":"41","integrationLatency":"38","throttled":false}';
    expect(classes(healthy)).toEqual([]);
    const failing =
      '{"requestId":"c1f1","status":"504","integrationErrorMessage":"upstream request timeout","responseLatency":"29001"}';
    expect(classes(failing)).toContain('dependency_timeout');
  });
});

describe("a Lambda function's REPORT line", () => {
  it('is a memory fault only when the memory used reaches the memory size', () => {
    const report = (used: number) =>
      `REPORT RequestId: 5f0c Duration: 893.31 ms\tBilled Duration: 894 ms\tMemory Size: 256 MB\tMax Memory Used: ${used} MB`;
    expect(classes(report(79))).not.toContain('memory_exhaustion');
    expect(classes(report(256))).toContain('memory_exhaustion');
  });
});

describe('words that look like another class', () => {
  it("does not read a kubelet probe refused as the network's fault", () => {
    const probe =
      'Liveness probe failed: Get "http://10.0.4.9:8080/healthz": dial tcp 10.0.4.9:8080: connect: connection refused';
    expect(classes(probe)).not.toContain('network_connectivity');
    expect(classes('dial tcp 10.0.4.9:5432: connect: connection refused')).toContain('network_connectivity');
  });

  it('does not read event-loop lag as consumer lag', () => {
    expect(classes('event loop lag 950ms exceeds threshold of 200ms')).toContain('cpu_saturation');
    expect(classes('event loop lag 950ms exceeds threshold of 200ms')).not.toContain('queue_backlog');
    expect(classes('consumer group billing lag is 48210 on topic invoices')).toContain('queue_backlog');
  });
  it("does not read a kubelet probe's timeout as a dependency timeout", () => {
    const line =
      'Liveness probe failed: Get "http://10.0.3.88:3000/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
    expect(classes(line)).not.toContain('dependency_timeout');
    expect(classes('rpc error: code = DeadlineExceeded desc = context deadline exceeded')).toContain(
      'dependency_timeout',
    );
  });
});

describe('a release whose image cannot be pulled', () => {
  it('reads the kubelet and ECS pull failures as the release being the fault', () => {
    for (const text of [
      'Failed to pull image "123456789012.dkr.ecr.eu-west-1.amazonaws.com/quote-api:v9.9.9": not found',
      'Error: ErrImagePull',
      'Back-off pulling image "registry.example.com/quote-api:v9.9.9"',
      'Error: ImagePullBackOff',
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): manifest unknown',
    ])
      expect(signal(text, 'bad_deployment'), text).toMatchObject({ strength: 0.9, own: true });
  });
});

describe('a cache its client cannot reach', () => {
  it('is named by its client library or its default port', () => {
    expect(classes('[ioredis] Unhandled error event: Error: connect ECONNREFUSED 10.0.7.12:6379')).toContain(
      'cache_failure',
    );
    expect(classes('memcache get failed: dial tcp 10.0.7.13:11211: connect: connection refused')).toContain(
      'cache_failure',
    );
    expect(classes('connect ECONNREFUSED 10.0.7.14:5432')).not.toContain('cache_failure');
  });
});

describe('a managed database failing over', () => {
  it("reads RDS's Multi-AZ failover events as its node going away, not as a cache failure", () => {
    expect(classes('Multi-AZ instance failover started.')).toEqual(['network_connectivity']);
    expect(
      classes('Multi-AZ failover to standby complete - DNS propagation may take a few minutes.'),
    ).toEqual(['network_connectivity']);
    expect(
      classes('Failover from master node sessions-0001-001 to replica node sessions-0001-002 completed'),
    ).toContain('cache_failure');
  });
});

describe('a server told its caller gave up', () => {
  it("reads Tomcat's ClientAbortException and a closed client as the server's own slowness", () => {
    const tomcat = signal(
      'org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe',
      'dependency_timeout',
    );
    expect(tomcat).toMatchObject({ strength: 0.9, own: true });
    expect(
      signal('client prematurely closed connection while sending response to client', 'dependency_timeout')
        ?.own,
    ).toBe(true);
    expect(signal('http2: client disconnected', 'dependency_timeout')?.own).toBe(true);
    // A plain broken pipe on a call out is still the network's.
    expect(classes('write tcp 10.0.2.4:51234->10.0.9.9:5432: write: broken pipe')).toEqual([
      'network_connectivity',
    ]);
  });
});

describe('JSON access records', () => {
  it('grades a level-less JSON access record by its status field', () => {
    const rec = (status: string) =>
      parseEvent({
        logGroup: '/aws/apigateway/api-access',
        logStream: 's',
        timestamp: 1_700_000_000_000,
        message: JSON.stringify({
          requestId: 'r1',
          httpMethod: 'GET',
          resourcePath: '/x',
          status,
          protocol: 'HTTP/1.1',
        }),
      });
    expect(rec('502').level).toBe('ERROR');
    expect(rec('404').level).toBe('WARN');
    expect(rec('200').level).toBe('INFO');
  });

  it("grades a service's own request record answered with a 5xx as an error, whatever its logger's level", () => {
    const rec = (fields: Record<string, unknown>) =>
      parseEvent({
        logGroup: '/ecs/slot-allocator',
        logStream: 's',
        timestamp: 1_700_000_000_000,
        message: JSON.stringify({ level: 'info', msg: 'request served', ...fields }),
      }).level;
    expect(rec({ method: 'POST', path: '/reserve', status: 500 })).toBe('ERROR');
    expect(rec({ req: { method: 'POST', url: '/reserve' }, res: { statusCode: 503 }, statusCode: 503 })).toBe(
      'ERROR',
    );
    expect(rec({ method: 'POST', path: '/reserve', status: 409 })).toBe('INFO');
    // A status that is not a response to a request (a job's exit report) keeps the logger's level.
    expect(rec({ job: 'nightly', status: 500 })).toBe('INFO');
  });
});
