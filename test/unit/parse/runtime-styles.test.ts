import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../shared/analysis/parse/index.ts';
import { EVENT_MS, event } from './helpers.ts';

const LAMBDA = { logGroup: '/aws/lambda/orders-fn', logStream: '2026/05/12/[$LATEST]8f5b1c1e' };
const REQUEST = '8f5b1c1e-1111-2222-3333-444455556666';

describe('Lambda runtime lines', () => {
  it('START and END are INFO, service from the function name', () => {
    for (const line of [`START RequestId: ${REQUEST} Version: $LATEST`, `END RequestId: ${REQUEST}`]) {
      expect(parseEvent(event(line, LAMBDA))).toMatchObject({
        style: 'lambda',
        level: 'INFO',
        service: 'orders-fn',
        message: line,
        at: EVENT_MS,
        timestampSource: 'event',
      });
    }
  });

  it('REPORT is INFO and its numbers become fields', () => {
    const line = `REPORT RequestId: ${REQUEST}\tDuration: 30.12 ms\tBilled Duration: 31 ms\tMemory Size: 128 MB\tMax Memory Used: 68 MB\t`;
    const record = parseEvent(event(line, LAMBDA));
    expect(record).toMatchObject({ style: 'lambda', level: 'INFO' });
    expect(record.fields).toEqual({
      requestId: REQUEST,
      durationMs: 30.12,
      billedDurationMs: 31,
      memorySizeMb: 128,
      maxMemoryUsedMb: 68,
    });
  });

  it('REPORT is ERROR when Max Memory Used reaches Memory Size', () => {
    const line = `REPORT RequestId: ${REQUEST}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tInit Duration: 210.55 ms\t`;
    const record = parseEvent(event(line, LAMBDA));
    expect(record.level).toBe('ERROR');
    expect(record.fields).toMatchObject({ memorySizeMb: 128, maxMemoryUsedMb: 128, initDurationMs: 210.55 });
  });

  it('REPORT with a failure status is ERROR', () => {
    const line = `REPORT RequestId: ${REQUEST}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\tStatus: timeout`;
    expect(parseEvent(event(line, LAMBDA))).toMatchObject({ level: 'ERROR', fields: { status: 'timeout' } });
  });

  it('Task timed out is ERROR, with the time from the line', () => {
    expect(
      parseEvent(event(`2026-05-12T10:00:04.123Z ${REQUEST} Task timed out after 3.00 seconds`, LAMBDA)),
    ).toMatchObject({
      style: 'lambda',
      level: 'ERROR',
      at: Date.UTC(2026, 4, 12, 10, 0, 4, 123),
      message: 'Task timed out after 3.00 seconds',
      exception: 'Task timed out after 3.00 seconds',
      fields: { requestId: REQUEST },
    });
  });

  it('Runtime.ExitError and Runtime.OutOfMemory are ERROR', () => {
    const exited = parseEvent(
      event(
        `RequestId: ${REQUEST} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`,
        LAMBDA,
      ),
    );
    expect(exited).toMatchObject({
      style: 'lambda',
      level: 'ERROR',
      exception: 'Runtime exited with error: signal: killed',
    });
    expect(parseEvent(event('Runtime.ExitError', LAMBDA)).level).toBe('ERROR');
    expect(parseEvent(event(`RequestId: ${REQUEST} Error: Runtime.OutOfMemory`, LAMBDA)).level).toBe('ERROR');
  });

  it('reads the Node console format (time, request id, level, message)', () => {
    expect(
      parseEvent(
        event(
          `2026-05-12T10:00:01.123Z\t${REQUEST}\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"boom"}\n`,
          LAMBDA,
        ),
      ),
    ).toMatchObject({
      style: 'lambda',
      level: 'ERROR',
      at: Date.UTC(2026, 4, 12, 10, 0, 1, 123),
      message: 'Invoke Error \t{"errorType":"Error","errorMessage":"boom"}',
      fields: { requestId: REQUEST },
    });
  });

  it('reads the Python runtime format and its uncaught errors', () => {
    expect(
      parseEvent(event(`[WARNING]\t2026-05-12T10:00:01.123Z\t${REQUEST}\tretrying`, LAMBDA)),
    ).toMatchObject({
      style: 'lambda',
      level: 'WARN',
      message: 'retrying',
    });
    expect(
      parseEvent(
        event(
          "[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests'",
          LAMBDA,
        ),
      ),
    ).toMatchObject({
      style: 'lambda',
      level: 'ERROR',
      exception: "Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests'",
    });
  });

  it('reads the JSON log format platform.report', () => {
    const line =
      '{"time":"2026-05-12T10:00:04.000Z","type":"platform.report","record":{"requestId":"8f5b1c1e-1111-2222-3333-444455556666","metrics":{"durationMs":3000,"billedDurationMs":3000,"memorySizeMB":128,"maxMemoryUsedMB":128},"status":"timeout"}}';
    expect(parseEvent(event(line, LAMBDA))).toMatchObject({
      style: 'lambda',
      level: 'ERROR',
      at: Date.UTC(2026, 4, 12, 10, 0, 4),
      message: `platform.report requestId=${REQUEST} status=timeout memory=128/128MB`,
    });
  });
});

describe('Go', () => {
  it('panic: is FATAL', () => {
    expect(
      parseEvent(event('panic: runtime error: invalid memory address or nil pointer dereference')),
    ).toMatchObject({
      style: 'go',
      level: 'FATAL',
      exception: 'panic: runtime error: invalid memory address or nil pointer dereference',
    });
  });

  it('a runtime fatal error is FATAL', () => {
    expect(parseEvent(event('fatal error: concurrent map writes'))).toMatchObject({
      style: 'go',
      level: 'FATAL',
    });
  });

  it('a whole panic in one event is one record', () => {
    const message = [
      'panic: assignment to entry in nil map',
      '',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/app/main.go:12 +0x1d',
      'exit status 2',
    ].join('\n');
    expect(parseEvent(event(message))).toMatchObject({
      style: 'go',
      level: 'FATAL',
      lineCount: 1,
      message: 'panic: assignment to entry in nil map',
      exception: 'panic: assignment to entry in nil map',
      raw: message,
    });
  });

  it('reads klog with the year taken from the event', () => {
    expect(
      parseEvent(
        event('E0512 10:00:01.123456       1 reflector.go:138] failed to list *v1.Pod: connection refused'),
      ),
    ).toMatchObject({
      style: 'go',
      level: 'ERROR',
      at: Date.UTC(2026, 4, 12, 10, 0, 1, 123),
      message: 'failed to list *v1.Pod: connection refused',
      fields: { pid: 1, source: 'reflector.go:138' },
    });
    expect(parseEvent(event('W0512 10:00:01.000000 7 leader.go:1] lost lease')).level).toBe('WARN');
    expect(parseEvent(event('I0512 10:00:01.000000 7 leader.go:1] ok')).level).toBe('INFO');
    expect(parseEvent(event('F0512 10:00:01.000000 7 main.go:9] cannot start')).level).toBe('FATAL');
  });

  it("gives a node agent's klog line about a pod to the pod's workload", () => {
    const probe =
      'I0512 10:00:01.000000 2210 prober.go:107] "Probe failed" probeType="Readiness" pod="tills/till-sync-6d8f7c9b5d-q7w2x" containerName="till-sync"';
    const dataplane = {
      logGroup: '/aws/containerinsights/shop-prod/dataplane',
      logStream: 'kubelet-ip-10-9-1-7',
    };
    expect(parseEvent(event(probe, dataplane))).toMatchObject({ style: 'go', service: 'till-sync' });
    // Without a pod reference it stays the log group's (the node or cluster whose agent wrote it).
    const plain = 'E0512 10:00:01.000000 2210 kubelet.go:2900] "Container runtime network not ready"';
    expect(parseEvent(event(plain, dataplane)).service).toBe('shop-prod');
  });

  it('reads the line inside a forwarded journal entry, as Container Insights ships the kubelet', () => {
    const entry = JSON.stringify({
      hostname: 'ip-10-9-1-7.ec2.internal',
      systemd_unit: 'kubelet.service',
      message:
        'E0512 10:00:01.000000 2210 eviction_manager.go:366] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"',
    });
    const record = parseEvent(event(entry, { logGroup: '/aws/containerinsights/shop-prod/dataplane' }));
    expect(record).toMatchObject({
      style: 'go',
      level: 'ERROR',
      service: 'shop-prod',
      message: '"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"',
    });
    expect(record.fields?.container).toMatchObject({ systemd_unit: 'kubelet.service' });
  });

  it('reads the standard log package', () => {
    expect(
      parseEvent(event('2026/05/12 10:00:01 [ERROR] dial tcp 10.0.0.5:6379: connect: connection refused')),
    ).toMatchObject({
      style: 'go',
      level: 'ERROR',
      at: Date.UTC(2026, 4, 12, 10, 0, 1),
      message: '[ERROR] dial tcp 10.0.0.5:6379: connect: connection refused',
    });
  });

  it("leaves nginx's error log (same timestamp) to the plain reader", () => {
    expect(
      parseEvent(
        event(
          '2026/05/12 10:00:01 [error] 29#29: *1 connect() failed (111: Connection refused) while connecting to upstream',
        ),
      ),
    ).toMatchObject({
      style: 'plain',
      level: 'ERROR',
      message: '29#29: *1 connect() failed (111: Connection refused) while connecting to upstream',
    });
  });
});

describe('Node.js fatal errors', () => {
  it('FATAL ERROR: … JavaScript heap out of memory is FATAL', () => {
    expect(
      parseEvent(event('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory')),
    ).toMatchObject({
      style: 'node',
      level: 'FATAL',
      exception: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    });
  });

  it('a logged "JavaScript heap out of memory" raises the line to FATAL', () => {
    expect(
      parseEvent(event('2026-05-12T10:00:01Z ERROR worker 3 died: JavaScript heap out of memory')),
    ).toMatchObject({ style: 'plain', level: 'FATAL' });
  });

  it('an uncaught JS error line is ERROR', () => {
    expect(parseEvent(event("TypeError: Cannot read properties of undefined (reading 'id')"))).toMatchObject({
      style: 'node',
      level: 'ERROR',
      exception: "TypeError: Cannot read properties of undefined (reading 'id')",
    });
  });

  it('an exception report that ends with the Node.js version is the process dying of it: FATAL', () => {
    const crash = [
      '/srv/app/dist/basket.js:12',
      '  return item.price.amount;',
      '                   ^',
      '',
      "TypeError: Cannot read properties of null (reading 'amount')",
      '    at total (/srv/app/dist/basket.js:12:20)',
      '',
      'Node.js v22.11.0',
    ].join('\n');
    expect(parseEvent(event(crash))).toMatchObject({
      style: 'node',
      level: 'FATAL',
      exception: "TypeError: Cannot read properties of null (reading 'amount')",
    });
    // The same header with no trailer: an error the process reported and lived through.
    expect(parseEvent(event(crash.replace(/\n\nNode\.js v22\.11\.0$/, ''))).level).toBe('ERROR');
  });

  it('process warnings are WARN', () => {
    expect(parseEvent(event('(node:1) [DEP0005] DeprecationWarning: Buffer() is deprecated'))).toMatchObject({
      style: 'node',
      level: 'WARN',
    });
  });
});
