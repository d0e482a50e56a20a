import { describe, expect, it } from 'vitest';
import { quotableText } from '../../../shared/analysis/collect/quotable-text.ts';
import { parseEvent } from '../../../shared/analysis/parse/index.ts';
import { EVENT_MS, event, parseAll } from './helpers.ts';

const D01_MS = 1779623650221;

describe('plain ISO LEVEL message', () => {
  it('reads the timestamp and level and leaves the body', () => {
    expect(
      parseEvent(
        event('2025-08-26 09:00:00 INFO: Application starting up', { logGroup: '/k8s/staging-63/user-api' }),
      ),
    ).toMatchObject({
      at: Date.UTC(2025, 7, 26, 9, 0, 0),
      timestampSource: 'message',
      level: 'INFO',
      service: 'user-api',
      message: 'Application starting up',
      style: 'plain',
      parsed: true,
    });
  });

  it.each([
    ['2026-05-12T10:00:01Z [WARN] disk 91% full', 'WARN', 'disk 91% full'],
    ['2026-05-12T10:00:01Z error: lost connection', 'ERROR', 'lost connection'],
    ['2026-05-12T10:00:01Z <crit> raid degraded', 'FATAL', 'raid degraded'],
    ['2026-05-12T10:00:01Z NOTICE rotating logs', 'INFO', 'rotating logs'],
    ['2026-05-12T10:00:01Z Critical section entered', 'UNKNOWN', 'Critical section entered'],
  ])('%s', (line, level, message) => {
    expect(parseEvent(event(line))).toMatchObject({
      level,
      message,
      style: 'plain',
      at: Date.UTC(2026, 4, 12, 10, 0, 1),
    });
  });

  it('reads a bracketed service after the level (RabbitMQ)', () => {
    expect(
      parseEvent(
        event(
          '2026-05-05T22:30:00.000Z ERROR [rabbitmq] Mnesia(rabbit@mq-1): ** ERROR ** mnesia_event got {inconsistent_database}',
          {
            logGroup: '/ecs/rabbitmq',
          },
        ),
      ),
    ).toMatchObject({
      level: 'ERROR',
      service: 'rabbitmq',
      message: 'Mnesia(rabbit@mq-1): ** ERROR ** mnesia_event got {inconsistent_database}',
    });
  });

  it('does not take a thread name in brackets for a service', () => {
    expect(parseEvent(event('2026-05-12T10:00:01Z INFO [main] started')).service).toBe('orders-api');
  });

  it('reads zap console lines, skipping the caller', () => {
    expect(
      parseEvent(event('2026-05-12T10:00:01.123Z\tERROR\tpkg/handler.go:42\tfailed to handle\t{"err":"x"}')),
    ).toMatchObject({
      level: 'ERROR',
      message: 'failed to handle\t{"err":"x"}',
      fields: { caller: 'pkg/handler.go:42' },
    });
  });

  it('reads a level prefix without a timestamp', () => {
    expect(parseEvent(event('WARNING: This is a development server.'))).toMatchObject({
      style: 'plain',
      level: 'WARN',
      message: 'This is a development server.',
      timestampSource: 'event',
      at: EVENT_MS,
    });
  });

  it('records the status of an app-style request line without making it an access log', () => {
    const record = parseEvent(event('2026-05-24T11:20:06.224Z INFO GET /api/v1/products 200 205ms'));
    expect(record).toMatchObject({ style: 'plain', level: 'INFO', statusCode: 200 });
    expect(
      parseEvent(event('2026-05-24T11:20:06.224Z INFO charge ord_1 captured in 200ms')).statusCode,
    ).toBeUndefined();
  });

  it('reads syslog lines (year from the event)', () => {
    expect(
      parseEvent(event('May 12 10:00:01 ip-10-0-0-1 kernel: Out of memory: Killed process 1234 (java)')),
    ).toMatchObject({
      style: 'plain',
      at: Date.UTC(2026, 4, 12, 10, 0, 1),
      message: 'Out of memory: Killed process 1234 (java)',
      fields: { host: 'ip-10-0-0-1', program: 'kernel' },
    });
  });
});

describe("d01's doubled prefix: the inner, more specific level and service win", () => {
  const group = { logGroup: '/ecs/fashion-aura-api', timestamp: D01_MS };

  it.each([
    [
      '2026-05-24T11:54:10.221Z EMERGENCY fashion-aura-api FATAL payments-worker Out of memory: heap=512MiB rss=731MiB, killing process',
      'FATAL',
      'payments-worker',
      'Out of memory: heap=512MiB rss=731MiB, killing process',
    ],
    [
      '2026-05-24T11:54:10.221Z ERROR fashion-aura-api ERROR payments-worker Failed to acquire order lock - Redis CLUSTERDOWN',
      'ERROR',
      'payments-worker',
      'Failed to acquire order lock - Redis CLUSTERDOWN',
    ],
    [
      '2026-05-24T11:54:10.221Z WARN fashion-aura-api WARN api-gateway Upstream fashion-aura-api 5xx rate 38% over last 1m',
      'WARN',
      'api-gateway',
      'Upstream fashion-aura-api 5xx rate 38% over last 1m',
    ],
    [
      '2026-05-24T11:54:10.221Z ERROR fashion-aura-api ERROR fashion-aura-api Circuit breaker OPENED for upstream: payments-worker',
      'ERROR',
      'fashion-aura-api',
      'Circuit breaker OPENED for upstream: payments-worker',
    ],
  ])('%s', (line, level, service, message) => {
    expect(parseEvent(event(line, group))).toMatchObject({
      at: D01_MS,
      timestampSource: 'message',
      level,
      service,
      message,
      style: 'plain',
      parsed: true,
    });
  });

  it('keeps the outer pair in fields', () => {
    const record = parseEvent(
      event(
        '2026-05-24T11:20:06.224Z INFO fashion-aura-api INFO fashion-aura-api GET /api/v1/products 200 205ms',
        group,
      ),
    );
    expect(record.fields).toEqual({ outerLevel: 'INFO', outerService: 'fashion-aura-api' });
    expect(record.statusCode).toBe(200);
    expect(record.message).toBe('GET /api/v1/products 200 205ms');
  });
});

describe('Java / Logback', () => {
  it('reads Logback with level first, thread and logger', () => {
    const record = parseEvent(
      event(
        '2026-02-02 09:34:45,166 ERROR [http-nio-8080-exec-2] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Connection is not available, request timed out after 30000ms.',
        { logGroup: '/ecs/ledger-api' },
      ),
    );
    expect(record).toMatchObject({
      at: Date.UTC(2026, 1, 2, 9, 34, 45, 166),
      level: 'ERROR',
      service: 'ledger-api',
      message: 'HikariPool-1 - Connection is not available, request timed out after 30000ms.',
      style: 'java',
      fields: { thread: 'http-nio-8080-exec-2', logger: 'com.zaxxer.hikari.pool.HikariPool' },
    });
  });

  it("reads Logback's default pattern with a clock-only time (the event supplies the date)", () => {
    expect(parseEvent(event('10:00:01.123 [main] WARN  c.e.OrderService - slow query'))).toMatchObject({
      style: 'java',
      level: 'WARN',
      message: 'slow query',
      timestampSource: 'event',
      at: EVENT_MS,
    });
  });

  it('reads Spring Boot', () => {
    expect(
      parseEvent(
        event(
          '2026-05-12T10:00:01.123Z  INFO 1 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat started on port 8080',
        ),
      ),
    ).toMatchObject({
      style: 'java',
      level: 'INFO',
      message: 'Tomcat started on port 8080',
      fields: { thread: 'main', logger: 'o.s.b.w.embedded.tomcat.TomcatWebServer' },
    });
  });

  it("reads the Train-Ticket class#line format, including Tomcat's bracketed logger", () => {
    const line =
      '16:49:25.228 ERROR o.a.c.c.C.[.[.[.[dispatcherServlet]#175 TraceID: f1c3dd7a SpanID: 699f07fd Servlet.service() threw exception';
    expect(parseEvent(event(line, { logGroup: '/k8s/ts-preserve-service' }))).toMatchObject({
      style: 'java',
      level: 'ERROR',
      service: 'ts-preserve-service',
      message: 'TraceID: f1c3dd7a SpanID: 699f07fd Servlet.service() threw exception',
      fields: { logger: 'o.a.c.c.C.[.[.[.[dispatcherServlet]#175' },
    });
  });

  it('reads a bare exception header as an ERROR', () => {
    expect(
      parseEvent(event('Exception in thread "main" java.lang.OutOfMemoryError: Java heap space')),
    ).toMatchObject({
      style: 'java',
      level: 'ERROR',
      exception: 'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
    });
  });
});

describe(".NET's console logger", () => {
  const failure = [
    '2026-05-12T10:00:01.000Z fail: Harbor.Billing.InvoiceWorker[3001]',
    '      Invoice batch 8812 was not posted',
    '      System.InvalidOperationException: The ledger rejected the batch',
    '       ---> System.FormatException: Input string was not in a correct format.',
    '         at System.Number.ThrowOverflowOrFormatException(ParsingStatus status, TypeCode type)',
    '         at Harbor.Billing.AmountParser.Parse(String raw) in /src/Billing/AmountParser.cs:line 41',
    '         --- End of inner exception stack trace ---',
  ].join('\n');

  it('reads its abbreviated level and category, the message from the line after the head, the inner exception', () => {
    const record = parseAll([event(failure)])[0];
    expect(record).toMatchObject({
      style: 'plain',
      level: 'ERROR',
      at: Date.UTC(2026, 4, 12, 10, 0, 1),
      message: 'Invoice batch 8812 was not posted',
      fields: { category: 'Harbor.Billing.InvoiceWorker', eventId: 3001 },
    });
    expect(record?.exception).toBe('System.FormatException: Input string was not in a correct format.');
    expect(record && quotableText(record)).toBe('Invoice batch 8812 was not posted');
  });

  it.each([
    ['info: Microsoft.Hosting.Lifetime[14]', 'INFO'],
    ['warn: Harbor.Billing.Cache[7]', 'WARN'],
    ['crit: Harbor.Billing.Program[0]', 'FATAL'],
  ])('reads %s without a timestamp', (head, level) => {
    expect(parseEvent(event(`${head}\n      Now listening on: http://[::]:8080`)).level).toBe(level);
  });
});

describe('Python logging', () => {
  it.each([
    [
      '2026-02-02 09:28:00,642 - reconcile_job - WARNING - open database connections: 148544',
      'WARN',
      'open database connections: 148544',
      { logger: 'reconcile_job' },
    ],
    [
      '2025-05-29 10:15:28,411 - ERROR - SSL certificate expired',
      'ERROR',
      'SSL certificate expired',
      undefined,
    ],
    [
      '[2026-05-12 10:00:01,123] ERROR in app: Exception on /pay [POST]',
      'ERROR',
      'Exception on /pay [POST]',
      { logger: 'app' },
    ],
    [
      '[2026-05-12 10:00:01 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:12)',
      'FATAL',
      'WORKER TIMEOUT (pid:12)',
      { pid: 7 },
    ],
  ])('%s', (line, level, message, fields) => {
    const record = parseEvent(event(line, { logGroup: '/ecs/reconcile-job' }));
    expect(record).toMatchObject({
      style: 'python',
      level,
      message,
      service: 'reconcile-job',
      timestampSource: 'message',
    });
    expect(record.fields).toEqual(fields);
  });

  it('reads the basicConfig format', () => {
    expect(parseEvent(event('ERROR:root:could not reach broker'))).toMatchObject({
      style: 'python',
      level: 'ERROR',
      message: 'could not reach broker',
      timestampSource: 'event',
    });
  });

  it('keeps a traceback in one event as one record with the final line as exception', () => {
    const message =
      '2025-05-29 10:15:28,411 - ERROR - SSL certificate expired\nTraceback (most recent call last):\n  File "/app/app.py", line 141, in check_certificate_expiry\n    raise ExpiredCertException(f"Certificate expired on {cert_expiry}")\nExpiredCertException: Certificate expired on 2024-08-03 17:00:08';
    const record = parseEvent(event(message, { timestamp: 1748513728411 }));
    expect(record).toMatchObject({
      style: 'python',
      level: 'ERROR',
      message: 'SSL certificate expired',
      exception: 'ExpiredCertException: Certificate expired on 2024-08-03 17:00:08',
      lineCount: 1,
      raw: message,
      at: 1748513728411,
    });
  });
});

describe('PostgreSQL', () => {
  const group = { logGroup: '/aws/rds/instance/ledger-db/postgresql' };

  it.each([
    ['2026-02-02 09:00:13.358 UTC [4758] LOG:  checkpoint complete: wrote 31 buffers (0.2%)', 'INFO', 'LOG'],
    ['2026-02-02 09:00:13.358 UTC [4758] WARNING:  there is no transaction in progress', 'WARN', 'WARNING'],
    ['2026-02-02 09:00:13.358 UTC [4758] ERROR:  deadlock detected', 'ERROR', 'ERROR'],
    [
      '2026-02-02 09:34:40.522 UTC [4622] FATAL:  remaining connection slots are reserved for non-replication superuser connections',
      'FATAL',
      'FATAL',
    ],
    [
      '2026-02-02 09:00:13.358 UTC [4758] PANIC:  could not write to file "pg_wal/xlogtemp.59588"',
      'FATAL',
      'PANIC',
    ],
  ])('%s', (line, level, severity) => {
    const record = parseEvent(event(line, group));
    expect(record).toMatchObject({ style: 'postgres', level, service: 'ledger-db', fields: { severity } });
    expect(record.at).toBe(Date.parse(`${line.slice(0, 23).replace(' ', 'T')}Z`));
  });

  it('reads the RDS log_line_prefix with host, user and database', () => {
    expect(
      parseEvent(
        event('2026-02-02 09:00:13 UTC:10.0.1.5(5432):app@ledger:[4758]:ERROR:  deadlock detected', group),
      ),
    ).toMatchObject({
      style: 'postgres',
      level: 'ERROR',
      message: 'deadlock detected',
      at: Date.UTC(2026, 1, 2, 9, 0, 13),
      fields: { severity: 'ERROR', pid: 4758, user: 'app', database: 'ledger' },
    });
  });

  it('reads the RDS prefix whose client host was masked when the line was read', () => {
    expect(
      parseEvent(
        event(
          '2026-02-02 09:00:13 UTC:[REDACTED:ip-address](40112):app@ledger:[4758]:ERROR:  nextval: reached maximum value of sequence "entries_id_seq" (2147483647)',
          group,
        ),
      ),
    ).toMatchObject({
      style: 'postgres',
      level: 'ERROR',
      message: 'nextval: reached maximum value of sequence "entries_id_seq" (2147483647)',
      fields: { severity: 'ERROR', pid: 4758, user: 'app', database: 'ledger' },
    });
  });

  it("reads the labelled prefix pgBadger's documentation recommends, with the session's user and application", () => {
    expect(
      parseEvent(
        event(
          '2026-02-02 09:00:13 UTC [4758]: [3-1] user=ledger_app,db=ledger,app=PostgreSQL JDBC Driver,client=[REDACTED:ip-address] LOG:  duration: 5012.331 ms  statement: SELECT 1',
          group,
        ),
      ),
    ).toMatchObject({
      style: 'postgres',
      level: 'INFO',
      message: 'duration: 5012.331 ms  statement: SELECT 1',
      fields: {
        severity: 'LOG',
        pid: 4758,
        user: 'ledger_app',
        database: 'ledger',
        application_name: 'PostgreSQL JDBC Driver',
      },
    });
  });

  it('leaves DETAIL/HINT/STATEMENT at UNKNOWN on their own (the record parser gives them the previous level)', () => {
    expect(
      parseEvent(event('2026-02-02 09:00:13.358 UTC [4758] DETAIL:  Process 4758 waits for ShareLock', group))
        .level,
    ).toBe('UNKNOWN');
  });
});

describe('MySQL as RDS publishes it', () => {
  const slowGroup = { logGroup: '/aws/rds/instance/shop-db/slowquery' };
  const entry = [
    '# Time: 2026-05-12T10:00:01.250000Z',
    '# User@Host: catalog_sync[catalog_sync] @  [10.0.7.21]  Id: 88213',
    '# Query_time: 14.203117  Lock_time: 0.000091 Rows_sent: 0  Rows_examined: 2411873',
    'use shop;',
    'SET timestamp=1778580001;',
    'UPDATE product_prices pp JOIN price_feed pf ON pf.sku = pp.sku',
    'SET pp.amount = pf.amount WHERE pf.batch = 4471;',
  ].join('\n');

  it('reads a slow query log entry: who ran it, how long it took, what it was', () => {
    const record = parseAll([event(entry, slowGroup)])[0];
    expect(record).toMatchObject({
      style: 'mysql',
      service: 'shop-db',
      level: 'INFO',
      at: Date.UTC(2026, 4, 12, 10, 0, 1, 250),
      fields: { user: 'catalog_sync', database: 'shop', query_time_ms: 14203, rows_examined: 2411873 },
    });
    expect(record?.message).toBe(
      'Query_time: 14.203117  Lock_time: 0.000091 Rows_sent: 0  Rows_examined: 2411873 UPDATE product_prices pp JOIN price_feed pf ON pf.sku = pp.sku SET pp.amount = pf.amount WHERE pf.batch = 4471;',
    );
  });

  it('quotes what the entry says, not its header', () => {
    const record = parseAll([event(entry, slowGroup)])[0];
    expect(record && quotableText(record)).toMatch(/^Query_time: 14\.203117 .* UPDATE product_prices/);
  });

  it('keeps each entry of the slow log its own record', () => {
    expect(
      parseAll([event(entry, slowGroup), event(entry, { ...slowGroup, timestamp: EVENT_MS + 5 })]),
    ).toHaveLength(2);
  });

  it.each([
    [
      '2026-05-12T10:00:01.004512Z 0 [ERROR] [MY-012574] [InnoDB] Unable to lock ./ibdata1 error: 11',
      'ERROR',
      'MY-012574',
    ],
    [
      "2026-05-12T10:00:01.004512Z 412 [Warning] [MY-010055] [Server] IP address '10.0.3.9' could not be resolved",
      'WARN',
      'MY-010055',
    ],
    [
      '2026-05-12T10:00:01.004512Z 0 [System] [MY-010931] [Server] /rdsdbbin/mysql/bin/mysqld: ready for connections.',
      'INFO',
      'MY-010931',
    ],
    [
      "2026-05-12T10:00:01.004512Z 97 [Note] Aborted connection 97 to db: 'shop' user: 'web' host: '10.0.3.9'",
      'INFO',
      undefined,
    ],
  ])('reads the error log line %s', (text, level, code) => {
    const record = parseEvent(event(text, { logGroup: '/aws/rds/instance/shop-db/error' }));
    expect(record).toMatchObject({
      style: 'mysql',
      level,
      service: 'shop-db',
      at: Date.UTC(2026, 4, 12, 10, 0, 1, 4),
    });
    expect(record.fields?.error_code).toBe(code);
  });
});

describe('Redis', () => {
  it.each([
    [
      '1:M 12 May 2026 10:00:01.123 * Ready to accept connections tcp',
      'INFO',
      'Ready to accept connections tcp',
    ],
    [
      '1:M 12 May 2026 10:00:01.123 # WARNING Memory overcommit must be enabled!',
      'WARN',
      'WARNING Memory overcommit must be enabled!',
    ],
    ['1:S 12 May 2026 10:00:01.123 - Accepted 10.0.0.1:5555', 'DEBUG', 'Accepted 10.0.0.1:5555'],
    ['1:C 12 May 2026 10:00:01.123 . Client closed connection', 'TRACE', 'Client closed connection'],
  ])('%s', (line, level, message) => {
    expect(parseEvent(event(line, { logGroup: '/ecs/redis' }))).toMatchObject({
      style: 'redis',
      level,
      message,
      service: 'redis',
      at: Date.UTC(2026, 4, 12, 10, 0, 1, 123),
    });
  });

  it('reads the Redis 2 format with the year from the event', () => {
    expect(
      parseEvent(event('[1234] 12 May 10:00:01.123 # Server started', { logGroup: '/ecs/redis' })),
    ).toMatchObject({
      style: 'redis',
      level: 'WARN',
      at: Date.UTC(2026, 4, 12, 10, 0, 1, 123),
      fields: { pid: 1234 },
    });
  });
});

describe('Kafka clients and brokers', () => {
  it('reads the broker log4j format', () => {
    expect(
      parseEvent(
        event(
          '[2026-05-05 22:00:01,123] WARN [GroupCoordinator 1]: Member consumer-1 in group orders has failed, removing it from the group (kafka.coordinator.group.GroupCoordinator)',
          { logGroup: '/ecs/kafka' },
        ),
      ),
    ).toMatchObject({
      style: 'kafka',
      level: 'WARN',
      service: 'kafka',
      at: Date.UTC(2026, 4, 5, 22, 0, 1, 123),
    });
  });

  it('reads Java client lines by their logger and client tag', () => {
    expect(
      parseEvent(
        event(
          '2026-05-05 22:00:01,123 WARN  [main] o.a.k.c.c.internals.ConsumerCoordinator - [Consumer clientId=consumer-orders-1, groupId=orders] Offset commit failed on partition orders-3',
        ),
      ),
    ).toMatchObject({
      style: 'kafka',
      level: 'WARN',
      message:
        '[Consumer clientId=consumer-orders-1, groupId=orders] Offset commit failed on partition orders-3',
    });
  });

  it('reads librdkafka lines, level from the syslog severity', () => {
    expect(
      parseEvent(
        event(
          '%3|1778018401.123|FAIL|rdkafka#consumer-1| [thrd:kafka-1:9092/1]: kafka-1:9092/1: Connect to ipv4#10.0.0.5:9092 failed: Connection refused',
        ),
      ),
    ).toMatchObject({
      style: 'kafka',
      level: 'ERROR',
      at: 1778018401123,
      fields: { facility: 'FAIL', client: 'rdkafka#consumer-1' },
    });
  });

  it('reads kafkajs JSON', () => {
    expect(
      parseEvent(
        event(
          '{"level":"ERROR","timestamp":"2026-05-12T10:00:01.123Z","logger":"kafkajs","message":"[Connection] Connection error: connect ECONNREFUSED 10.0.0.5:9092","broker":"kafka-1:9092","clientId":"orders"}',
        ),
      ),
    ).toMatchObject({
      style: 'kafka',
      level: 'ERROR',
      service: 'orders-api',
      at: Date.UTC(2026, 4, 12, 10, 0, 1, 123),
    });
  });
});

describe('a time written to the second', () => {
  const line =
    '10.4.2.8 - - [02/Mar/2026:07:15:42 +0000] "POST /api/basket HTTP/1.1" 502 31 "-" "curl/8.5" 0.004';
  const second = Date.UTC(2026, 2, 2, 7, 15, 42);

  it("takes the event's milliseconds when the event falls within that second", () => {
    const record = parseEvent(event(line, { timestamp: second + 734 }));
    expect(record).toMatchObject({ at: second + 734, timestampSource: 'event' });
  });

  it("keeps the line's own time when the event was delivered later", () => {
    const record = parseEvent(event(line, { timestamp: second + 2_400 }));
    expect(record).toMatchObject({ at: second, timestampSource: 'message' });
  });
});

describe('access logs: the status code is the signal', () => {
  it.each([
    ['200', 'INFO'],
    ['204', 'INFO'],
    ['302', 'INFO'],
    ['404', 'WARN'],
    ['429', 'WARN'],
    ['502', 'ERROR'],
    ['504', 'ERROR'],
  ])('nginx combined %s → %s', (status, level) => {
    const line = `10.0.1.169 - - [08/Apr/2026:14:43:00 +0000] "GET /checkout/pay HTTP/1.1" ${status} 69192 "-" "Mozilla/5.0" 30.037`;
    const record = parseEvent(event(line, { logGroup: '/eks/payments/checkout-gateway' }));
    expect(record).toMatchObject({
      style: 'access',
      level,
      statusCode: Number(status),
      service: 'checkout-gateway',
      at: Date.UTC(2026, 3, 8, 14, 43),
      message: `"GET /checkout/pay HTTP/1.1" ${status} 69192 "-" "Mozilla/5.0" 30.037`,
    });
    expect(record.fields).toMatchObject({
      client: '10.0.1.169',
      method: 'GET',
      path: '/checkout/pay',
      status: Number(status),
      bytes: 69192,
      requestTimeSeconds: 30.037,
    });
  });

  it('reads ALB access log entries by the ELB status', () => {
    const line =
      'http 2026-05-12T10:00:01.123456Z app/my-alb/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 -1 -1 504 - 34 366 "GET http://shop.example.com:80/pay HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2026-05-12T10:00:00.000000Z "forward" "-" "-" "10.0.0.1:80" "-" "-" "-"';
    expect(parseEvent(event(line, { logGroup: '/alb/shop' }))).toMatchObject({
      style: 'access',
      level: 'ERROR',
      statusCode: 504,
      at: Date.UTC(2026, 4, 12, 10, 0, 1, 123),
      service: 'web',
      message: '"GET http://shop.example.com:80/pay HTTP/1.1" 504 -',
      fields: { elb: 'app/my-alb/50dc6c495c0c9188', reporter: 'my-alb', method: 'GET', status: 504 },
    });
  });

  it("reads Envoy's default access log format, as Istio's sidecars write it", () => {
    const line =
      '[2026-05-02T11:20:31.404Z] "POST /v1/quotes HTTP/1.1" 503 UO 412 81 0 - "10.2.7.13" "quote-web/4.1" "7d1c2a90-5b1e-4f0e-9a61-3f2d8c4b7e15" "pricing.shop.svc.cluster.local:8080" "-"';
    const record = parseEvent(event(line, { logGroup: '/k8s/shop/quote-web' }));
    expect(record).toMatchObject({
      style: 'access',
      level: 'ERROR',
      statusCode: 503,
      at: Date.UTC(2026, 4, 2, 11, 20, 31, 404),
      fields: {
        method: 'POST',
        path: '/v1/quotes',
        status: 503,
        responseFlags: 'UO',
        durationMs: 0,
        authority: 'pricing.shop.svc.cluster.local:8080',
      },
    });
    // Code 0: no response was sent at all; its flags tell why, no status is made up.
    const reset = parseEvent(
      event(
        '[2026-05-02T11:20:32.000Z] "GET /v1/rates HTTP/1.1" 0 DC 0 0 5001 - "-" "curl/8.5" "r-2" "pricing:8080" "10.2.3.4:8080"',
        { logGroup: '/k8s/shop/quote-web' },
      ),
    );
    expect(reset.style).toBe('access');
    expect(reset.statusCode).toBeUndefined();
  });

  it('reads uvicorn access lines', () => {
    expect(
      parseEvent(event('INFO:     10.0.0.1:53422 - "GET /health HTTP/1.1" 503 Service Unavailable')),
    ).toMatchObject({
      style: 'access',
      level: 'ERROR',
      statusCode: 503,
    });
  });
});
