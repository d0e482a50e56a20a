import { describe, expect, it } from 'vitest';
import { createRecordParser } from '../../../shared/analysis/parse/index.ts';
import { EVENT_MS, event, events, parseAll } from './helpers.ts';

const JAVA_TRACE = [
  '2026-05-12 10:00:01,123 ERROR [http-nio-8080-exec-2] c.e.OrderService - order ord_42 failed',
  'org.springframework.dao.DataAccessResourceFailureException: could not get connection',
  '\tat org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:82)',
  '\tat com.example.OrderService.place(OrderService.java:88)',
  'Caused by: java.net.ConnectException: Connection refused',
  '\tat java.base/sun.nio.ch.Net.connect0(Native Method)',
  '\t... 42 more',
];

describe('createRecordParser: folding continuation events', () => {
  it('folds a Java stack trace delivered as separate events into the log line before it', () => {
    const records = parseAll(
      events([...JAVA_TRACE, '2026-05-12 10:00:02,000 INFO  [main] c.e.OrderService - next']),
    );
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      style: 'java',
      level: 'ERROR',
      message: 'order ord_42 failed',
      lineCount: 7,
      raw: JAVA_TRACE.join('\n'),
      exception: 'java.net.ConnectException: Connection refused',
      at: Date.UTC(2026, 4, 12, 10, 0, 1, 123),
    });
    expect(records[1]).toMatchObject({ message: 'next', lineCount: 1 });
  });

  it('folds a Python traceback, its frames and its final exception line', () => {
    const lines = [
      '2026-05-12 10:00:01,123 - app - ERROR - payment failed',
      'Traceback (most recent call last):',
      '  File "/app/pay.py", line 10, in charge',
      '    resp = client.post(url)',
      "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.stripe.com', port=443): Max retries exceeded",
      '2026-05-12 10:00:02,000 - app - INFO - next',
    ];
    const records = parseAll(events(lines));
    expect(records.map((r) => r.lineCount)).toEqual([5, 1]);
    expect(records[0]).toMatchObject({
      style: 'python',
      level: 'ERROR',
      message: 'payment failed',
      exception:
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.stripe.com', port=443): Max retries exceeded",
      raw: lines.slice(0, 5).join('\n'),
    });
  });

  it('keeps a standalone (uncaught) traceback, chained ones included, as one ERROR record', () => {
    const lines = [
      'Traceback (most recent call last):',
      '  File "/app/main.py", line 3, in <module>',
      '    import missing',
      "ModuleNotFoundError: No module named 'missing'",
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/app/main.py", line 5, in <module>',
      'RuntimeError: boot failed',
    ];
    const records = parseAll(events([...lines, '2026-05-12 10:00:09,000 - app - INFO - restarted']));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      style: 'python',
      level: 'ERROR',
      lineCount: 10,
      message: 'Traceback (most recent call last):',
      exception: 'RuntimeError: boot failed',
    });
  });

  it('does not fold a Traceback into an INFO line or one long before it', () => {
    const afterInfo = parseAll(
      events([
        '2026-05-12 10:00:01,123 - app - INFO - started',
        'Traceback (most recent call last):',
        'KeyError: 1',
      ]),
    );
    expect(afterInfo.map((r) => r.lineCount)).toEqual([1, 2]);
    const late = parseAll([
      event('2026-05-12 10:00:01,123 - app - ERROR - failed', { timestamp: EVENT_MS }),
      event('Traceback (most recent call last):', { timestamp: EVENT_MS + 60_000 }),
    ]);
    expect(late.map((r) => r.lineCount)).toEqual([1, 1]);
  });

  it('folds a Go panic: signal line, goroutine header, frames and exit status', () => {
    const lines = [
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x6b4d60]',
      '',
      'goroutine 1 [running]:',
      'main.(*Server).handle(0x0, {0x7f1c20, 0xc000132000})',
      '\t/app/server.go:42 +0x20',
      'created by net/http.(*Server).Serve in goroutine 1',
      '\t/usr/local/go/src/net/http/server.go:3285 +0x4b4',
      'exit status 2',
    ];
    const records = parseAll(events([...lines, '2026/05/12 10:00:05 starting server']));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      style: 'go',
      level: 'FATAL',
      lineCount: 9,
      exception: 'panic: runtime error: invalid memory address or nil pointer dereference',
    });
    expect(records[1]).toMatchObject({ style: 'go', message: 'starting server', lineCount: 1 });
  });

  it('does not fold a goroutine dump into a record that is not a panic', () => {
    const records = parseAll(events(['2026/05/12 10:00:01 SIGQUIT received', 'goroutine 7 [select]:']));
    expect(records.map((r) => [r.style, r.lineCount])).toEqual([
      ['go', 1],
      ['go', 1],
    ]);
  });

  it('folds Node frames into the error line and native frames into FATAL ERROR', () => {
    const records = parseAll(
      events([
        '2026-05-12T10:00:01.000Z ERROR request failed: Error: connect ECONNREFUSED 10.0.0.5:5432',
        '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
        '<--- Last few GCs --->',
        '[1:0x5581e1c]   123456 ms: Mark-sweep 2040.1 (2082.3) -> 2039.8 (2082.8) MB, 1820.5 / 0.0 ms',
        '<--- JS stacktrace --->',
        'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
        ' 1: 0xb09c10 node::Abort() [node]',
        ' 2: 0xa1c193 node::FatalError(char const*, char const*) [node]',
      ]),
    );
    expect(records.map((r) => [r.style, r.level, r.lineCount])).toEqual([
      ['plain', 'ERROR', 2],
      ['node', 'WARN', 3],
      ['node', 'FATAL', 3],
    ]);
  });

  it("folds Node's uncaught exception report, from the throwing file to the version trailer", () => {
    const lines = [
      '/app/dist/server.js:42',
      '    throw err;',
      '    ^',
      '',
      'Error: connect ECONNREFUSED 10.0.0.5:5432',
      '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {',
      "  code: 'ECONNREFUSED'",
      '}',
      '',
      'Node.js v20.11.0',
    ];
    const records = parseAll(events([...lines, '{"level":"info","msg":"restarted"}']));
    expect(records[0]).toMatchObject({
      style: 'node',
      level: 'ERROR',
      lineCount: 10,
      exception: 'Error: connect ECONNREFUSED 10.0.0.5:5432',
    });
    expect(records[1]).toMatchObject({ style: 'json', message: 'restarted' });
  });

  it('never folds across log streams or log groups', () => {
    const records = parseAll([
      event(JAVA_TRACE[0] ?? '', { logStream: 'a' }),
      event('\tat com.example.Other.run(Other.java:1)', { logStream: 'b' }),
      event('\tat com.example.OrderService.place(OrderService.java:88)', { logStream: 'a' }),
      event('\tat com.example.Elsewhere.run(Elsewhere.java:1)', { logStream: 'a', logGroup: '/ecs/other' }),
    ]);
    expect(records.map((r) => [r.logGroup, r.logStream, r.lineCount])).toEqual([
      ['/ecs/orders-api', 'a', 2],
      ['/ecs/orders-api', 'b', 1],
      ['/ecs/other', 'a', 1],
    ]);
  });

  it('keeps interleaved streams apart and folds each into its own record', () => {
    const records = parseAll([
      event('2026-05-12T10:00:01Z ERROR a failed', { logStream: 'a' }),
      event('2026-05-12T10:00:01Z ERROR b failed', { logStream: 'b' }),
      event('    at a (/app/a.js:1:1)', { logStream: 'a' }),
      event('    at b (/app/b.js:1:1)', { logStream: 'b' }),
      event('    at b2 (/app/b.js:2:1)', { logStream: 'b' }),
    ]);
    expect(records.map((r) => [r.logStream, r.lineCount, r.raw.split('\n').at(-1)])).toEqual([
      ['a', 2, '    at a (/app/a.js:1:1)'],
      ['b', 3, '    at b2 (/app/b.js:2:1)'],
    ]);
  });

  it('gives DETAIL, HINT and STATEMENT the level of the PostgreSQL line before them', () => {
    const group = { logGroup: '/aws/rds/instance/ledger-db/postgresql' };
    const records = parseAll(
      events(
        [
          '2026-02-02 09:00:13.358 UTC [4758] ERROR:  deadlock detected',
          '2026-02-02 09:00:13.358 UTC [4758] DETAIL:  Process 4758 waits for ShareLock on transaction 1; blocked by process 4759.',
          '2026-02-02 09:00:13.358 UTC [4758] HINT:  See server log for query details.',
          '2026-02-02 09:00:13.358 UTC [4758] STATEMENT:  UPDATE accounts SET balance = 0',
          '2026-02-02 09:00:14.000 UTC [4760] LOG:  checkpoint starting: time',
          '2026-02-02 09:00:14.000 UTC [4760] DETAIL:  nothing',
        ],
        group,
      ),
    );
    expect(records.map((r) => r.level)).toEqual(['ERROR', 'ERROR', 'ERROR', 'ERROR', 'INFO', 'INFO']);
  });

  it('accounts for every event: stats.events is the sum of lineCount after flush', () => {
    const parser = createRecordParser();
    const input = [
      ...events(JAVA_TRACE),
      event('', { timestamp: EVENT_MS + 100 }),
      event('\u0000\u0001\u0002\u0003'.repeat(10), { timestamp: EVENT_MS + 101 }),
      event('{"level":"info"', { timestamp: EVENT_MS + 102 }),
      event('2026-05-12T10:00:01Z INFO ok', { logStream: 'other' }),
    ];
    const records = input.flatMap((e) => parser.push(e));
    expect(records.reduce((n, r) => n + r.lineCount, 0)).toBeLessThan(input.length);
    records.push(...parser.flush());
    expect(parser.stats).toEqual({ events: 11, records: 5, unparsed: 3 });
    expect(records.reduce((n, r) => n + r.lineCount, 0)).toBe(parser.stats.events);
    expect(parser.flush()).toEqual([]);
  });

  it('emits the previous record of a stream when the next one starts, and the rest on flush', () => {
    const parser = createRecordParser();
    expect(parser.push(event('2026-05-12T10:00:01Z INFO one'))).toEqual([]);
    const second = parser.push(event('2026-05-12T10:00:02Z INFO two'));
    expect(second.map((r) => r.message)).toEqual(['one']);
    expect(parser.flush().map((r) => r.message)).toEqual(['two']);
  });

  it('a multi-line message in one event is one record counting one event', () => {
    const message = JAVA_TRACE.join('\n');
    const records = parseAll([event(message)]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      lineCount: 1,
      raw: message,
      message: 'order ord_42 failed',
      level: 'ERROR',
    });
  });

  it('bounds a runaway trace: a new record starts after 2000 folded events', () => {
    const frames = Array.from({ length: 2500 }, (_, i) => `\tat com.example.Deep.call${i}(Deep.java:${i})`);
    const records = parseAll(events([JAVA_TRACE[0] ?? '', ...frames]));
    expect(records.map((r) => r.lineCount)).toEqual([2000, 501]);
  });
});
