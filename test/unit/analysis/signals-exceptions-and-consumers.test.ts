import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../shared/analysis/parse/index.ts';
import { lineSignals, withExceptionSignals } from '../../../shared/analysis/signals/classify-line.ts';

const classes = (message: string) => lineSignals(message).map((s) => s.faultClass);

describe('Kafka consumer phrases of a group that cannot keep up', () => {
  it('reads the poll-timeout warning of a kafka-clients consumer as a backlog', () => {
    const line =
      '[Consumer clientId=c-0, groupId=g] consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages.';
    expect(classes(line)).toContain('queue_backlog');
  });

  it('reads a consumer kicked out of its group as a backlog', () => {
    expect(classes('the consumer was kicked out of the group')).toContain('queue_backlog');
  });

  it('reads the SQS oldest-message age metric name as a backlog', () => {
    expect(classes('ApproximateAgeOfOldestMessage is 1840 seconds for orders-queue')).toContain(
      'queue_backlog',
    );
  });
});

describe('signals of the exception a folded stack trace ends in', () => {
  const event = (message: string) => ({
    logGroup: '/ecs/worker',
    logStream: 'worker/worker/1',
    timestamp: Date.parse('2026-01-01T00:00:00Z'),
    message,
  });

  it('adds the class named by a Java exception to a head line that names none', () => {
    const record = parseEvent(
      event(
        '2026-01-01 00:00:00,000 ERROR [listener-0-C-1] o.s.k.l.KafkaMessageListenerContainer - Consumer exception\norg.apache.kafka.clients.consumer.CommitFailedException: Offset commit cannot be completed\n\tat org.apache.kafka.clients.consumer.KafkaConsumer.commitSync(KafkaConsumer.java:1518)',
      ),
    );
    expect(classes(record.message)).not.toContain('queue_backlog');
    const merged = withExceptionSignals(lineSignals(record.message), [record.exception]);
    expect(merged.map((s) => s.faultClass)).toContain('queue_backlog');
  });

  it('reads a Python traceback ending in a missing environment key as a configuration error', () => {
    const record = parseEvent(
      event(
        `2026-01-01 00:00:00,000 ERROR app: Exception in ASGI application\nTraceback (most recent call last):\n  File "/app/events.py", line 23, in publish\n    url = os.environ["QUEUE_URL"]\n  File "<frozen os>", line 714, in __getitem__\nKeyError: 'QUEUE_URL'`,
      ),
    );
    const merged = withExceptionSignals(lineSignals(record.message), [record.exception]);
    expect(merged.map((s) => s.faultClass)).toContain('config_error');
  });

  it('keeps the strongest signal per class and ignores missing exceptions', () => {
    const head = lineSignals('OOMKilled');
    const merged = withExceptionSignals(head, [undefined, 'java.lang.OutOfMemoryError: Java heap space']);
    expect(merged.filter((s) => s.faultClass === 'memory_exhaustion')).toHaveLength(1);
    expect(withExceptionSignals([], [undefined, ''])).toEqual([]);
  });
});

describe('ownership of exception signals', () => {
  it("never makes a driver's exception the caller's own fault", () => {
    const merged = withExceptionSignals(lineSignals('reserve failed for cart 42'), [
      'org.postgresql.util.PSQLException: ERROR: deadlock detected',
    ]);
    const lock = merged.find((s) => s.faultClass === 'database_lock');
    expect(lock?.own).toBe(false);
  });

  it("keeps AWS's refusal of the caller's own principal the caller's fault, inside an SDK exception too", () => {
    const merged = withExceptionSignals(lineSignals('could not archive statement 2291'), [
      'botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::210987654321:assumed-role/statement-archiver/4f1c is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::statements-prod/2026/2291.pdf" because no identity-based policy allows the s3:PutObject action',
    ]);
    expect(merged.find((s) => s.faultClass === 'permission_denied')).toMatchObject({
      strength: 1,
      own: true,
    });
    // An access denial that names no principal stays what the caller observed.
    const observed = withExceptionSignals(lineSignals('could not archive statement 2292'), [
      'botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied',
    ]);
    expect(observed.find((s) => s.faultClass === 'permission_denied')?.own).toBe(false);
  });

  it("keeps an API server's refusal of the caller's own identity the caller's fault", () => {
    const merged = withExceptionSignals(lineSignals('could not start sync run 7'), [
      'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://10.0.0.1/apis/batch/v1/namespaces/sync/jobs. Message: jobs.batch is forbidden: User "system:serviceaccount:sync:runner" cannot create resource "jobs" in API group "batch"',
    ]);
    expect(merged.find((s) => s.faultClass === 'permission_denied')).toMatchObject({
      strength: 1,
      own: true,
    });
    // A 403 with no identity refused stays what the caller observed.
    const observed = withExceptionSignals(lineSignals('could not fetch rates'), [
      'HttpClientErrorException: 403 Forbidden',
    ]);
    expect(observed.find((s) => s.faultClass === 'permission_denied')?.own).toBe(false);
  });
});
