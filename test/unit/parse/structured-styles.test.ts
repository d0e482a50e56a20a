import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../shared/analysis/parse/index.ts';
import { EVENT_MS, event } from './helpers.ts';

describe('JSON structured logs', () => {
  it('reads time, level, service and msg, and keeps every field', () => {
    const line =
      '{"time":"2026-03-15T19:30:08.092Z","level":"error","service":"orders-api","msg":"reserve stock failed: connect ETIMEDOUT 10.0.4.21:8080 (inventory-api)","code":"ETIMEDOUT"}';
    const record = parseEvent(event(line, { logGroup: '/ecs/orders-api' }));
    expect(record).toMatchObject({
      at: Date.UTC(2026, 2, 15, 19, 30, 8, 92),
      timestampSource: 'message',
      level: 'ERROR',
      service: 'orders-api',
      message: 'reserve stock failed: connect ETIMEDOUT 10.0.4.21:8080 (inventory-api)',
      style: 'json',
      parsed: true,
      lineCount: 1,
      raw: line,
    });
    expect(record.fields).toEqual({
      time: '2026-03-15T19:30:08.092Z',
      level: 'error',
      service: 'orders-api',
      msg: 'reserve stock failed: connect ETIMEDOUT 10.0.4.21:8080 (inventory-api)',
      code: 'ETIMEDOUT',
    });
    expect(record.statusCode).toBeUndefined();
  });

  it("leaves Elasticsearch's constant ECS service name for the log group's service", () => {
    const record = parseEvent(
      event(
        '{"@timestamp":"2026-05-02T08:10:00.000Z","log.level":"WARN","message":"high disk watermark [90%] exceeded on [n1][catalog-os-0][/data] free: 4.1gb[8.2%]","service.name":"ES_ECS","event.dataset":"elasticsearch.server","elasticsearch.node.name":"catalog-os-0"}',
        { logGroup: '/k8s/shop/catalog-os', timestamp: Date.UTC(2026, 4, 2, 8, 10) },
      ),
    );
    expect(record).toMatchObject({ service: 'catalog-os', level: 'WARN', style: 'json' });
  });

  it('takes the service named inside the line over the log group', () => {
    const record = parseEvent(
      event(
        '{"timestamp": "2025-08-14T09:50:00Z", "level": "ERROR", "service": "auth-service", "message": "Lost connection to Redis: Connection refused (ECONNREFUSED) redis-master:6379", "instance_id": "auth-service-2"}',
        { logGroup: '/k8s/namespace-68/payment-processor', timestamp: Date.UTC(2025, 7, 14, 9, 50) },
      ),
    );
    expect(record.service).toBe('auth-service');
    expect(record.message).toBe(
      'Lost connection to Redis: Connection refused (ECONNREFUSED) redis-master:6379',
    );
    expect(record.at).toBe(Date.UTC(2025, 7, 14, 9, 50, 0));
  });

  it('gives an ElastiCache slow log record to the cluster it names, whatever its log group', () => {
    const record = parseEvent(
      event(
        '{"CacheClusterId":"carts-redis","CacheNodeId":"0001","Id":51,"Timestamp":1778580001,"Duration (us)":18250,"Command":"KEYS cart:*","ClientAddress":"10.2.3.4:5100","ClientName":"cart-api"}',
        { logGroup: '/shop/redis-slowlog' },
      ),
    );
    expect(record.service).toBe('carts-redis');
  });

  it('records the HTTP status from a numeric status field and from an app-style msg', () => {
    const limited = parseEvent(
      event(
        '{"timestamp":"2026-05-12T10:00:01Z","level":"ERROR","status":429,"message":"Too Many Requests"}',
      ),
    );
    expect(limited.statusCode).toBe(429);
    const ok = parseEvent(
      event('{"time":"2026-05-12T10:00:01Z","level":"info","msg":"POST /orders 201 60ms"}'),
    );
    expect(ok.statusCode).toBe(201);
    expect(ok.level).toBe('INFO');
  });

  it('understands pino numbers, epoch times, @timestamp, severity and service.name', () => {
    expect(
      parseEvent(
        event(
          '{"level":50,"time":1778580001123,"pid":1,"hostname":"h","msg":"db down","name":"orders-api","v":0}',
        ),
      ),
    ).toMatchObject({ level: 'ERROR', at: 1778580001123, service: 'orders-api', message: 'db down' });
    expect(
      parseEvent(
        event(
          '{"@timestamp":"2026-05-12T10:00:00.250Z","log.level":"warn","service":{"name":"cart"},"message":"slow"}',
        ),
      ),
    ).toMatchObject({
      level: 'WARN',
      at: Date.UTC(2026, 4, 12, 10, 0, 0, 250),
      service: 'cart',
      message: 'slow',
    });
    expect(parseEvent(event('{"severity":"CRITICAL","ts":1778580001.25,"msg":"x"}'))).toMatchObject({
      level: 'FATAL',
      at: 1778580001250,
    });
  });

  it('summarises a stack_trace field into exception', () => {
    const record = parseEvent(
      event(
        '{"timestamp": "2025-08-21T08:57:12Z", "level": "ERROR", "service": "data-processor", "message": "Application crashed due to OutOfMemoryError", "stack_trace": "java.lang.OutOfMemoryError: Java heap space\\n\\tat com.example.DataProcessor.processData(DataProcessor.java:142)"}',
        { timestamp: Date.UTC(2025, 7, 21, 8, 57, 12) },
      ),
    );
    expect(record.exception).toBe('java.lang.OutOfMemoryError: Java heap space');
    expect(record.message).toBe('Application crashed due to OutOfMemoryError');
  });

  it('falls back to the error field for the message', () => {
    expect(parseEvent(event('{"level":"error","error":"connect ECONNREFUSED 10.0.0.5:5432"}')).message).toBe(
      'connect ECONNREFUSED 10.0.0.5:5432',
    );
  });

  it("takes a named logger for the service only in a log group several services share, never a module's", () => {
    expect(parseEvent(event('{"level":"info","logger":"app.db.pool","msg":"x"}')).service).toBe('orders-api');
    // In the service's own group a named logger is one of its components.
    expect(parseEvent(event('{"level":"info","logger":"settlement","msg":"x"}')).service).toBe('orders-api');
    for (const logGroup of ['/ecs/app', '/aws/containerinsights/prod/application']) {
      expect(
        parseEvent(event('{"level":"info","logger":"ledger-api","msg":"x"}', { logGroup })).service,
      ).toBe('ledger-api');
    }
    // Bunyan's `name` is the application's own name.
    expect(parseEvent(event('{"v":0,"name":"ledger-api","level":30,"msg":"x"}')).service).toBe('ledger-api');
    const bracketed = (logGroup: string) =>
      parseEvent(event('2026-05-12T10:00:01.123Z INFO [settlement] batch 4 closed', { logGroup })).service;
    expect(bracketed('/ecs/orders-api')).toBe('orders-api');
    expect(bracketed('/ecs/app')).toBe('settlement');
  });

  it('unwraps a Fluent Bit / Docker container envelope and reads the line inside', () => {
    const record = parseEvent(
      event(
        '{"log":"2026-05-12T10:00:01.123Z ERROR payment declined\\n","stream":"stderr","time":"2026-05-12T10:00:01.200Z","kubernetes":{"pod_name":"checkout-gateway-7d9f8b6c5d-x2x9k","namespace_name":"prod"}}',
        { logGroup: '/aws/containerinsights/prod/application' },
      ),
    );
    expect(record).toMatchObject({
      style: 'plain',
      level: 'ERROR',
      service: 'checkout-gateway',
      message: 'payment declined',
      at: Date.UTC(2026, 4, 12, 10, 0, 1, 123),
    });
    expect(record.fields?.container).toMatchObject({ stream: 'stderr' });
  });

  it("names a Job's pod after its Job, whatever application label it shares with a Deployment", () => {
    const shipped = (labels: Record<string, string>, pod: string) =>
      parseEvent(
        event(
          JSON.stringify({
            log: 'Migrating schema "ledger" to version "88 - add index"\n',
            stream: 'stdout',
            kubernetes: { pod_name: pod, namespace_name: 'ledger', container_name: 'migrate', labels },
          }),
          { logGroup: '/aws/containerinsights/prod/application' },
        ),
      ).service;
    expect(
      shipped(
        { 'app.kubernetes.io/name': 'ledger-api', 'batch.kubernetes.io/job-name': 'ledger-migrate-2-4-0' },
        'ledger-migrate-2-4-0-q7k2x',
      ),
    ).toBe('ledger-migrate-2-4-0');
    // A CronJob's Job carries the scheduled minute in its name: the CronJob is the workload.
    expect(
      shipped({ app: 'ledger-api', 'job-name': 'ledger-nightly-29384756' }, 'ledger-nightly-29384756-x2x9k'),
    ).toBe('ledger-nightly');
    expect(shipped({ 'app.kubernetes.io/name': 'ledger-api' }, 'ledger-api-7d9f8b6c5d-x2x9k')).toBe(
      'ledger-api',
    );
  });

  it('reads the exception of a stack trace wrapped whole in one envelope', () => {
    const trace = [
      'Traceback (most recent call last):',
      '  File \\"/app/render/pdf.py\\", line 88, in write_page',
      '    out.write(chunk)',
      'OSError: [Errno 28] No space left on device',
    ].join('\\n');
    const record = parseEvent(
      event(
        `{"log":"${trace}\\n","stream":"stderr","kubernetes":{"pod_name":"report-renderer-5d8c7b9f6-w2k4p","namespace_name":"clinic"}}`,
        { logGroup: '/aws/containerinsights/clinic/application' },
      ),
    );
    expect(record).toMatchObject({
      service: 'report-renderer',
      level: 'ERROR',
      exception: 'OSError: [Errno 28] No space left on device',
    });
  });
});

describe('logfmt', () => {
  it('reads ts, level, service and a quoted msg', () => {
    const record = parseEvent(
      event(
        'ts=2026-02-02T09:00:17.841Z level=warn service=metrics-agent msg="failed to push metrics batch: 503 Service Unavailable"',
        {
          logGroup: '/ecs/metrics-agent',
        },
      ),
    );
    expect(record).toMatchObject({
      at: Date.UTC(2026, 1, 2, 9, 0, 17, 841),
      level: 'WARN',
      service: 'metrics-agent',
      message: 'failed to push metrics batch: 503 Service Unavailable',
      style: 'logfmt',
      parsed: true,
    });
    expect(record.fields).toEqual({
      ts: '2026-02-02T09:00:17.841Z',
      level: 'warn',
      service: 'metrics-agent',
      msg: 'failed to push metrics batch: 503 Service Unavailable',
    });
  });

  it('reads logrus text output with escaped quotes and a status', () => {
    const record = parseEvent(
      event('time="2026-05-12T10:00:01Z" level=error msg="upstream said \\"no\\"" status=502 path=/pay'),
    );
    expect(record).toMatchObject({
      level: 'ERROR',
      message: 'upstream said "no"',
      statusCode: 502,
      at: Date.UTC(2026, 4, 12, 10, 0, 1),
    });
  });

  it('does not take prose with one key=value for logfmt', () => {
    expect(parseEvent(event('retry=3 attempts failed for order 42')).style).toBe('raw');
  });
});

describe('CloudTrail records', () => {
  const update =
    '{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/deploy/ci"},"eventTime":"2026-05-12T09:58:00Z","eventSource":"ecs.amazonaws.com","eventName":"UpdateService","awsRegion":"us-east-1","requestParameters":{"cluster":"prod","service":"payments-worker","taskDefinition":"payments-worker:42"},"responseElements":null}';

  it('is a change by someone, INFO, service cloudtrail', () => {
    const record = parseEvent(event(update, { logGroup: 'aws-cloudtrail-logs-123456789012-4f1b2c3d' }));
    expect(record).toMatchObject({
      style: 'cloudtrail',
      level: 'INFO',
      service: 'cloudtrail',
      at: Date.UTC(2026, 4, 12, 9, 58),
      message:
        'ecs:UpdateService service=payments-worker (cluster=prod, taskDefinition=payments-worker:42) by arn:aws:sts::123456789012:assumed-role/deploy/ci',
    });
    expect(record.fields?.eventName).toBe('UpdateService');
  });

  it('says what the call set: plain values and those one level down, not deeper objects', () => {
    const schedule =
      '{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/tf/ci"},"eventTime":"2026-05-12T09:58:00Z","eventSource":"application-autoscaling.amazonaws.com","eventName":"PutScheduledAction","requestParameters":{"serviceNamespace":"ecs","resourceId":"service/prod/ledger-api","schedule":"cron(0 20 * * ? *)","scalableTargetAction":{"minCapacity":0,"maxCapacity":0},"tags":["a","b"],"environment":{"variables":{"MODE":"x"}}}}';
    const record = parseEvent(event(schedule, { logGroup: 'aws-cloudtrail-logs-123456789012-4f1b2c3d' }));
    expect(record.message).toBe(
      'application-autoscaling:PutScheduledAction resourceId=service/prod/ledger-api (serviceNamespace=ecs, schedule=cron(0 20 * * ? *), minCapacity=0, maxCapacity=0) by arn:aws:sts::123456789012:assumed-role/tf/ci',
    );
  });

  it('is WARN when the call failed', () => {
    const record = parseEvent(
      event(
        '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"bob"},"eventTime":"2026-05-12T09:58:00Z","eventSource":"iam.amazonaws.com","eventName":"DeleteRole","errorCode":"AccessDenied","errorMessage":"not authorized"}',
        { logGroup: 'CloudTrail/DefaultLogGroup' },
      ),
    );
    expect(record).toMatchObject({
      level: 'WARN',
      message: 'iam:DeleteRole by bob failed: AccessDenied: not authorized',
    });
  });

  it('unwraps an EventBridge "AWS API Call via CloudTrail" event', () => {
    const wrapped = `{"version":"0","detail-type":"AWS API Call via CloudTrail","source":"aws.ecs","detail":${update}}`;
    expect(parseEvent(event(wrapped, { logGroup: '/aws/events/changes' }))).toMatchObject({
      style: 'cloudtrail',
      service: 'cloudtrail',
    });
  });
});

describe('Kubernetes events', () => {
  it('gives a node-pressure eviction to the node whose resource ran out, not to the pod it evicted', () => {
    const record = parseEvent(
      event(
        JSON.stringify({
          kind: 'Event',
          involvedObject: { kind: 'Pod', name: 'ledger-api-5f7d8c9b6-q2w8e', namespace: 'ledger' },
          reason: 'Evicted',
          message: 'The node was low on resource: inodes. Threshold quantity: 5%, available: 4.1%. ',
          type: 'Warning',
          source: { component: 'kubelet', host: 'ip-10-3-2-9.ec2.internal' },
          lastTimestamp: '2026-03-04T09:02:50Z',
        }),
        { logGroup: '/k8s/ledger/events' },
      ),
    );
    expect(record.service).toBe('ip-10-3-2-9.ec2.internal');
    expect(record.level).toBe('ERROR');
  });

  it('reads an eviction its reporter calls Normal (a consolidation moving the pod) as no failure', () => {
    const evicted = (type: string) =>
      parseEvent(
        event(
          JSON.stringify({
            kind: 'Event',
            involvedObject: { kind: 'Pod', name: 'eta-calc-6d5c4b3a2-k9m8n', namespace: 'delivery' },
            reason: 'Evicted',
            message: 'Evicted pod: Underutilized',
            type,
            source: { component: 'karpenter' },
            lastTimestamp: '2026-03-04T09:02:50Z',
          }),
          { logGroup: '/k8s/delivery/events' },
        ),
      ).level;
    expect(evicted('Normal')).toBe('INFO');
    expect(evicted('Warning')).toBe('ERROR');
  });

  it('maps OOMKilling to ERROR and names the workload without pod hashes', () => {
    const record = parseEvent(
      event(
        '{"kind":"Event","type":"Warning","reason":"OOMKilling","involvedObject":{"kind":"Pod","name":"payment-service-5c8f8-xj2p","namespace":"prod"},"message":"Container payment-service in pod payment-service-5c8f8-xj2p was OOMKilled (exit code 137, memory limit 256Mi)","lastTimestamp":"2026-04-08T14:44:00Z"}',
        { logGroup: '/eks/payments/events', timestamp: Date.UTC(2026, 3, 8, 14, 44) },
      ),
    );
    expect(record).toMatchObject({
      style: 'k8s-event',
      level: 'ERROR',
      service: 'payment-service',
      at: Date.UTC(2026, 3, 8, 14, 44),
      message:
        'Container payment-service in pod payment-service-5c8f8-xj2p was OOMKilled (exit code 137, memory limit 256Mi)',
    });
  });

  it.each([
    ['Normal', 'Scheduled', 'INFO'],
    ['Warning', 'Unhealthy', 'WARN'],
    ['Warning', 'BackOff', 'ERROR'],
    ['Warning', 'Failed', 'ERROR'],
    ['Warning', 'SomethingNew', 'WARN'],
  ])('type %s reason %s → %s', (type, reason, level) => {
    const line = `{"kind":"Event","type":"${type}","reason":"${reason}","involvedObject":{"kind":"Pod","name":"checkout-gateway-7d9f8b6c5d-x2x9k"},"message":"m","lastTimestamp":"2026-05-12T10:00:00Z"}`;
    expect(parseEvent(event(line))).toMatchObject({ level, service: 'checkout-gateway' });
  });

  it('reads events.k8s.io/v1 (regarding, note, eventTime) and keeps non-workload names', () => {
    const record = parseEvent(
      event(
        '{"type":"Warning","reason":"NodeNotReady","regarding":{"kind":"Node","name":"ip-10-0-1-23.ec2.internal"},"note":"Node is not ready","eventTime":"2026-05-12T10:00:00.000000Z"}',
      ),
    );
    expect(record).toMatchObject({
      style: 'k8s-event',
      level: 'ERROR',
      service: 'ip-10-0-1-23.ec2.internal',
      message: 'Node is not ready',
      at: Date.UTC(2026, 4, 12, 10, 0),
    });
  });

  it.each([
    ['quote-renderer', 'quote-renderer'],
    ['java', 'ip-10-4-7-19.eu-west-1.compute.internal'],
    ['python3.12', 'ip-10-4-7-19.eu-west-1.compute.internal'],
  ])('gives a node OOM kill of process %s to %s (the victim, unless a runtime launcher)', (comm, service) => {
    const line = `{"kind":"Event","type":"Warning","reason":"OOMKilling","involvedObject":{"kind":"Node","name":"ip-10-4-7-19.eu-west-1.compute.internal"},"source":{"component":"kernel-monitor"},"message":"Memory cgroup out of memory: Killed process 8812 (${comm}) total-vm:1804332kB, anon-rss:1022110kB, file-rss:0kB, shmem-rss:0kB","lastTimestamp":"2026-05-12T10:00:00Z"}`;
    expect(parseEvent(event(line))).toMatchObject({ style: 'k8s-event', level: 'ERROR', service });
    const text = `Warning   OOMKilling   node/ip-10-4-7-19.eu-west-1.compute.internal   Memory cgroup out of memory: Killed process 8812 (${comm}) total-vm:1804332kB`;
    expect(parseEvent(event(text))).toMatchObject({ style: 'k8s-event', service });
  });

  it('reads kubectl get events rows', () => {
    expect(
      parseEvent(
        event(
          'prod   2m   Warning   BackOff   pod/checkout-gateway-7d9f8b6c5d-x2x9k   Back-off restarting failed container',
        ),
      ),
    ).toMatchObject({
      style: 'k8s-event',
      level: 'ERROR',
      service: 'checkout-gateway',
      message: 'Back-off restarting failed container',
      timestampSource: 'event',
      at: EVENT_MS,
    });
  });

  it('reads kubectl get events rows whose last-seen column counts repeats', () => {
    const row =
      'prod   3m12s (x14 over 21m)   Warning   Failed   pod/quote-api-6d5c9b7f4-kq2lp   Error: ImagePullBackOff';
    expect(parseEvent(event(row))).toMatchObject({
      style: 'k8s-event',
      level: 'ERROR',
      service: 'quote-api',
      message: 'Error: ImagePullBackOff',
    });
  });
});
