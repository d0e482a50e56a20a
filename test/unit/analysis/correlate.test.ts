import { describe, expect, it } from 'vitest';
import { detectChange, inferTrigger } from '../../../shared/analysis/correlate/changes/index.ts';
import { correlate } from '../../../shared/analysis/correlate/findings.ts';
import { parseEvent } from '../../../shared/analysis/parse/index.ts';
import { computeWindows } from '../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';

const ALARM = Date.parse('2026-05-24T12:00:00Z');
const MIN = 60_000;

function ev(logGroup: string, minutesBeforeAlarm: number, message: string): LogEvent {
  return { logGroup, logStream: 's', timestamp: ALARM - minutesBeforeAlarm * MIN, message };
}

/** A steady baseline of healthy traffic and a known noisy error, for every test below. */
function baseline(): LogEvent[] {
  const events: LogEvent[] = [];
  for (let m = 55; m > 0; m -= 0.5) {
    events.push(ev('/ecs/orders-api', m, `GET /orders/${Math.round(m * 7)} 200 ${20 + (m % 9)}ms`));
    events.push(ev('/ecs/inventory-api', m, `GET /stock/SKU-${Math.round(m * 3)} 200 ${30 + (m % 5)}ms`));
    if (Math.round(m * 2) % 6 === 0)
      events.push(ev('/ecs/email-sender', m, 'ERROR bounce from mx.example: 550 mailbox unavailable'));
  }
  return events;
}

describe('correlate', () => {
  it('is inconclusive when the only errors are as frequent in the baseline as in the incident', () => {
    const f = correlate({ events: baseline() }, computeWindows(ALARM));
    expect(f.inconclusive).toBe(true);
    expect(f.root).toBeNull();
    expect(f.anomalies.noise.map((p) => p.service)).toContain('email-sender');
    expect(f.affected).toEqual([]);
  });

  it('finds the dependency that fails first, not the caller that reports it, and orders the path', () => {
    const events = baseline();
    for (let m = 4; m > 0; m -= 0.25) {
      events.push(
        ev(
          '/ecs/inventory-api',
          m,
          `WARN GET /stock/SKU-1 200 ${3800 + m}ms: query stock_levels full scan (missing index)`,
        ),
      );
      events.push(
        ev(
          '/ecs/orders-api',
          m - 0.1,
          'ERROR reserve stock failed: connect ETIMEDOUT 10.0.4.21:8080 (inventory-api)',
        ),
      );
    }
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.root?.service).toBe('inventory-api');
    expect(f.classification.faultClass).toBe('dependency_timeout');
    expect(f.propagation).toEqual(['inventory-api', 'orders-api']);
    expect(f.affected.map((a) => a.service)).not.toContain('email-sender');
    expect(f.mttdSeconds).toBe(240);
    expect(f.confidence).toBeGreaterThan(0.5);
  });

  it('breaks a clock tie with causal evidence: the service others name, with its own fatal signal', () => {
    const events = baseline();
    events.push(ev('/ecs/orders-api', 1, 'ERROR Circuit breaker OPENED for upstream: inventory-api'));
    events.push(ev('/ecs/orders-api', 1, 'ERROR Circuit breaker OPENED for upstream: inventory-api'));
    events.push(ev('/ecs/inventory-api', 1, 'FATAL Out of memory: heap=512MiB rss=731MiB, killing process'));
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.root?.service).toBe('inventory-api');
    expect(f.patientZero?.message).toContain('Out of memory');
    expect(f.classification.faultClass).toBe('memory_exhaustion');
  });

  it('treats a spike of a known error as anomalous', () => {
    const events = baseline();
    for (let m = 3; m > 0; m -= 0.05)
      events.push(ev('/ecs/email-sender', m, 'ERROR bounce from mx.example: 550 mailbox unavailable'));
    const f = correlate({ events: events }, computeWindows(ALARM));
    const spike = f.anomalies.anomalies.find((a) => a.pattern.service === 'email-sender');
    expect(spike?.isNew).toBe(false);
    expect(spike?.ratio).toBeGreaterThan(3);
  });

  it('counts lines outside the windows and says so', () => {
    const events = [
      ...baseline(),
      ev('/ecs/orders-api', -120, 'ERROR from the future'),
      ev('/ecs/orders-api', 600, 'ERROR long ago'),
    ];
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.collected.outsideWindow).toBe(2);
    expect(f.limitations.join(' ')).toContain('2 line(s) fall outside');
  });
});

describe('adaptive baseline', () => {
  it('uses the earlier half of short pre-alarm data as the baseline, and says so', () => {
    const events: LogEvent[] = [];
    for (let m = 8; m > 0; m -= 0.1)
      events.push(ev('/ecs/orders-api', m, 'WARN slow query orders_by_user took 4016ms'));
    for (let m = 2; m > 0; m -= 0.1)
      events.push(ev('/ecs/billing-api', m, 'FATAL Error: Missing required environment variable STRIPE_KEY'));
    const f = correlate({ events: events }, computeWindows(ALARM));
    expect(f.windows.baselineEnd).toBe(ALARM - 4 * MIN);
    expect(f.limitations.join(' ')).toContain('serve as the baseline');
    expect(f.anomalies.noise.map((p) => p.service)).toEqual(['orders-api']);
    expect(f.root?.service).toBe('billing-api');
    expect(f.classification.faultClass).toBe('config_error');
  });

  it('keeps the default windows when the data reaches back before the incident window', () => {
    const f = correlate({ events: baseline() }, computeWindows(ALARM));
    expect(f.windows.baselineEnd).toBe(ALARM - 15 * MIN);
    expect(f.limitations.join(' ')).not.toContain('serve as the baseline');
  });
});

describe('changes and triggers', () => {
  const record = (minutes: number, message: string, group = '/ecs/payments') =>
    parseEvent(ev(group, minutes, message));
  /** A CloudTrail record of a call, as a trail delivers it to CloudWatch Logs. */
  const trailCall = (minutes: number, fields: Record<string, unknown>) =>
    record(minutes, JSON.stringify({ eventVersion: '1.08', ...fields }), '/aws/cloudtrail/management');

  it('recognises deploys with versions, config reloads and policy changes', () => {
    expect(detectChange(record(10, 'payment-service starting version=2.4.1 build=2026.04.08'))).toMatchObject(
      { kind: 'deploy', version: '2.4.1' },
    );
    expect(detectChange(record(10, 'Configuration reloaded successfully'))?.kind).toBe('config');
    // A server taking up new certificate material is a configuration change too (Go certificate
    // watchers, Envoy and nginx reloads), and says so as a reload.
    expect(
      detectChange(record(10, 'certwatch.go:88: reloaded certificate subject=CN=api.internal serial=0f:31'))
        ?.kind,
    ).toBe('config');
    expect(detectChange(record(10, 'Reloading TLS keystore from /etc/tls/keystore.p12'))?.kind).toBe(
      'config',
    );
    expect(detectChange(record(10, 'certificate expires in 12 days'))).toBeNull();
    expect(
      detectChange(record(10, 'PutRolePolicy on role payments-task by arn:aws:iam::1:user/ops'))?.kind,
    ).toBe('policy');
    expect(detectChange(record(10, 'GET /orders 200 12ms'))).toBeNull();
  });

  it('gives a CloudTrail deploy to the service it changed, not to the trail', () => {
    const call = (requestParameters: Record<string, string>, eventName: string, eventSource: string) =>
      trailCall(10, { eventSource, eventName, requestParameters });
    expect(
      detectChange(
        call({ cluster: 'prod', service: 'invoice-service' }, 'UpdateService', 'ecs.amazonaws.com'),
      ),
    ).toMatchObject({ kind: 'deploy', service: 'invoice-service' });
    expect(
      detectChange(
        call(
          { service: 'arn:aws:ecs:eu-west-1:1:service/prod/invoice-service' },
          'UpdateService',
          'ecs.amazonaws.com',
        ),
      )?.service,
    ).toBe('invoice-service');
    expect(
      detectChange(
        call(
          { functionName: 'arn:aws:lambda:eu-west-1:1:function:quote-rates:live' },
          'UpdateFunctionCode20150331v2',
          'lambda.amazonaws.com',
        ),
      )?.service,
    ).toBe('quote-rates');
  });

  it("reads a Helm upgrade a controller runs as a deploy of the release it reconciles, with the chart's new version", () => {
    const flux = (msg: string) =>
      JSON.stringify({
        level: 'info',
        msg,
        controller: 'helmrelease',
        controllerKind: 'HelmRelease',
        HelmRelease: { name: 'fare-indexer', namespace: 'search' },
        namespace: 'search',
        name: 'fare-indexer',
      });
    const group = '/k8s/flux-system/helm-controller';
    expect(
      detectChange(record(10, flux('release out-of-sync: chart version changed (1.9.4 -> 1.10.0)'), group)),
    ).toMatchObject({ kind: 'deploy', service: 'fare-indexer', version: '1.10.0' });
    expect(
      detectChange(record(10, flux("running 'upgrade' action with timeout of 5m0s"), group)),
    ).toMatchObject({
      kind: 'deploy',
      service: 'fare-indexer',
    });
    expect(detectChange(record(10, flux('release in-sync with desired state'), group))).toBeNull();
  });

  it('reads a version logged beside the message, and reload announcements', () => {
    const starting = JSON.stringify({ level: 'info', msg: 'starting recommender', version: 'v3.2.0' });
    expect(detectChange(record(10, starting))).toMatchObject({ kind: 'deploy', version: '3.2.0' });
    const noVersion = JSON.stringify({ level: 'info', msg: 'starting recommender', version: 'latest' });
    expect(detectChange(record(10, noVersion))?.kind).toBe('restart');
    expect(detectChange(record(10, '[INFO] Reloading'))?.kind).toBe('config');
    expect(
      detectChange(record(10, 'feature flags reloaded from configmap pricing-flags: bundles=true'))?.kind,
    ).toBe('config');
    expect(detectChange(record(10, 'cache entry reloading for key 42'))).toBeNull();
  });

  it("takes the version written after the service's name, not a runtime's it names later", () => {
    expect(
      detectChange(record(10, 'payments 4.12.0 starting (node v20.15.1, NODE_ENV=production)'))?.version,
    ).toBe('4.12.0');
    expect(detectChange(record(10, 'payments@2.3.1 listening on :8080'))?.version).toBe('2.3.1');
    expect(detectChange(record(10, 'starting server on node v20.15.1'))?.version).toBe('20.15.1');
  });

  it('takes the latest change of the root service before its first anomaly, not a routine or a later one', () => {
    const deploy = detectChange(record(12, 'payments starting version=2.4.1'));
    const later = detectChange(record(1, 'payments starting version=2.4.2'));
    const routine = [30, 25, 20].map((m) => detectChange(record(m, 'Configuration reloaded successfully')));
    const changes = [...routine, deploy, later].filter((c) => c !== null);
    const t = inferTrigger(changes, {
      rootService: 'payments',
      firstAnomalyAt: ALARM - 9 * MIN,
      baselineEnd: ALARM - 15 * MIN,
    });
    expect(t?.change.version).toBe('2.4.1');
    expect(t?.leadSeconds).toBe(180);
    expect(t?.confidence).toBeGreaterThan(0.5);
  });

  it("reaches further back for the root's own release when what ran out fills up over time (a leak)", () => {
    const release = detectChange(record(50, 'payments starting version=7.1.0'));
    const policy = detectChange(record(50, 'PutRolePolicy on role payments-task by arn:aws:iam::1:user/ops'));
    const changes = [release, policy].filter((c) => c !== null);
    const firstAnomalyAt = ALARM - 5 * MIN;
    expect(
      inferTrigger(changes, {
        rootService: 'payments',
        firstAnomalyAt: firstAnomalyAt,
        baselineEnd: ALARM - 15 * MIN,
      }),
    ).toBeNull();
    const t = inferTrigger(changes, {
      rootService: 'payments',
      firstAnomalyAt: firstAnomalyAt,
      baselineEnd: ALARM - 15 * MIN,
      accumulating: true,
    });
    expect(t?.change.version).toBe('7.1.0');
    expect(t?.leadSeconds).toBe(45 * 60);
  });

  it("prefers the root's own change to another service's line that only mentions it", () => {
    // A rightsizing job logs its call on payments a moment after payments logs the new setting.
    const own = detectChange(record(8, 'UpdateFunctionConfiguration payments memory=512'));
    const mention = detectChange(
      record(7.9, 'UpdateFunctionConfiguration payments ok, status InProgress', '/aws/lambda/rightsizer'),
    );
    const changes = [own, mention].filter((c) => c !== null);
    expect(changes.map((c) => c.service)).toEqual(['payments', 'rightsizer']);
    const t = inferTrigger(changes, {
      rootService: 'payments',
      firstAnomalyAt: ALARM - 7 * MIN,
      baselineEnd: ALARM - 15 * MIN,
    });
    expect(t?.change.description).toBe('UpdateFunctionConfiguration payments memory=512');
  });

  it("takes a release of a service the origin's failing lines are tied to, below the origin's own change", () => {
    // The ledger fails to read what the order service sends from the moment order-api's new
    // version started; nothing of the ledger's own changed.
    const producer = detectChange(record(12, 'order-api starting version=4.2.0', '/ecs/order-api'));
    const changes = [producer].filter((c) => c !== null);
    const scope = { rootService: 'ledger', firstAnomalyAt: ALARM - 8 * MIN, baselineEnd: ALARM - 15 * MIN };
    expect(inferTrigger(changes, scope)).toBeNull();
    const t = inferTrigger(changes, { ...scope, neighbours: new Set(['order-api']) });
    expect(t?.change).toMatchObject({ service: 'order-api', version: '4.2.0' });
    // A release of the ledger itself, further back, still comes first.
    const own = detectChange(record(20, 'ledger starting version=9.0.3', '/ecs/ledger'));
    const both = [producer, own].filter((c) => c !== null);
    expect(inferTrigger(both, { ...scope, neighbours: new Set(['order-api']) })?.change.service).toBe(
      'ledger',
    );
  });

  it("takes a call that set a resource the origin's failing lines name by its ARN, not one by a caller they name", () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const caller = 'arn:aws:sts::111122223333:assumed-role/ops-admin/alex';
    const encryption = detectChange(
      trailCall(6, {
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketEncryption',
        userIdentity: { arn: caller },
        requestParameters: {
          bucketName: 'statements-archive',
          ServerSideEncryptionConfiguration: {
            Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key } },
          },
        },
      }),
    );
    expect(encryption).toMatchObject({ kind: 'config', service: 'statements-archive' });
    const changes = [encryption].filter((c) => c !== null);
    const scope = {
      rootService: 'statement-writer',
      firstAnomalyAt: ALARM - 4 * MIN,
      baselineEnd: ALARM - 15 * MIN,
    };
    expect(inferTrigger(changes, scope)).toBeNull();
    const refused = `PutObject failed: User: arn:aws:sts::111122223333:assumed-role/statement-writer-task/9f is not authorized to perform: kms:GenerateDataKey on resource: ${key}`;
    expect(inferTrigger(changes, { ...scope, failingText: refused })?.change.service).toBe(
      'statements-archive',
    );
    expect(inferTrigger(changes, { ...scope, failingText: `request by ${caller} failed` })).toBeNull();
  });

  it("takes a change of a resource the origin's own lines name, such as the table it writes to", () => {
    const capacity = detectChange(
      trailCall(9, {
        eventSource: 'dynamodb.amazonaws.com',
        eventName: 'UpdateTable',
        requestParameters: { tableName: 'fare-holds', billingMode: 'PROVISIONED' },
      }),
    );
    expect(capacity).toMatchObject({ kind: 'config', service: 'fare-holds' });
    // The service's own error text advises the call by name: that is no change.
    const advice =
      'ProvisionedThroughputExceededException: Consider increasing your provisioning level with the UpdateTable API.';
    expect(detectChange(record(3, advice, '/aws/lambda/hold-writer'))).toBeNull();
    const changes = [capacity].filter((c) => c !== null);
    const scope = {
      rootService: 'hold-writer',
      firstAnomalyAt: ALARM - 4 * MIN,
      baselineEnd: ALARM - 15 * MIN,
    };
    expect(inferTrigger(changes, scope)).toBeNull();
    const ownText = 'stored hold <*> in fare-holds\nhold <*> released';
    expect(inferTrigger(changes, { ...scope, ownText })?.change.service).toBe('fare-holds');
  });

  it('counts a rollout logged by its platform event and every task starting as one change, and a repeating routine as many', () => {
    // The ECS deployment event, then four tasks announcing the new version over a minute and a half.
    const rollout = [
      detectChange(record(14, 'ecs-deploy payments deployment started')),
      ...[13.6, 13.3, 13, 12.6].map((m) => detectChange(record(m, 'payments starting version=3.8.0'))),
    ].filter((c) => c !== null);
    const t = inferTrigger(rollout, {
      rootService: 'payments',
      firstAnomalyAt: ALARM - 10 * MIN,
      baselineEnd: ALARM - 11 * MIN,
    });
    expect(t?.change.service).toBe('payments');
    // A reload every five minutes through the hour is a routine, however close its repeats.
    const reloads = [55, 50, 45, 40, 35, 30, 25, 20, 15, 12]
      .map((m) => detectChange(record(m, 'Configuration reloaded successfully')))
      .filter((c) => c !== null);
    expect(
      inferTrigger(reloads, {
        rootService: 'payments',
        firstAnomalyAt: ALARM - 10 * MIN,
        baselineEnd: ALARM - 11 * MIN,
      }),
    ).toBeNull();
  });

  it('names a rollout as it began, with the version one of its steps announced', () => {
    const steps = [
      detectChange(record(14, 'payments rollout: new revision 7 started')),
      detectChange(record(13.8, 'payments starting version=5.1.0')),
      detectChange(record(13.2, 'payments rollout: new revision 7 progressing')),
    ].filter((c) => c !== null);
    const t = inferTrigger(steps, {
      rootService: 'payments',
      firstAnomalyAt: ALARM - 13 * MIN,
      baselineEnd: ALARM - 20 * MIN,
    });
    expect(t?.change.description).toBe('payments rollout: new revision 7 started');
    expect(t?.change.version).toBe('5.1.0');
    expect(t?.leadSeconds).toBe(60);
  });
});

describe('extract_entities', () => {
  it('finds hosts, pods, versions and error codes in the lines', async () => {
    const { extractEntities } = await import('../../../shared/analysis/correlate/entities.ts');
    const records = [
      'Lost connection to Redis: Connection refused (ECONNREFUSED) redis-master:6379',
      'Container payment-service in pod payment-service-5c8f8d7b9c-xj2pq was OOMKilled (exit code 137)',
      'payment-service starting version=2.4.1 build=2026.04.08-1',
      'java.lang.OutOfMemoryError: Java heap space',
    ].map((m) => parseEvent(ev('/eks/payments/payment-service', 5, m)));
    const e = extractEntities(records, ['payment-service', 'checkout-gateway']);
    expect(e.services).toEqual(['checkout-gateway', 'payment-service']);
    expect(e.hosts).toEqual(['redis-master:6379']);
    expect(e.pods).toEqual(['payment-service-5c8f8d7b9c-xj2pq']);
    expect(e.versions).toEqual(['2.4.1']);
    expect(e.errorCodes).toEqual(
      expect.arrayContaining(['ECONNREFUSED', 'OOMKilled', 'exit code 137', 'OutOfMemoryError']),
    );
  });
});
