import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { hopIdOf, requestIdOf } from '../../../../shared/analysis/correlate/request-hops.ts';
import { parseEvent } from '../../../../shared/analysis/parse/index.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

describe('request ids printed beside failures', () => {
  it('tell the service that failed first on a request from the services that reported it after', () => {
    const events = byTime([
      ...spread('/svc/cart', 58, 0, 300, (i) => `INFO request_id=r${1000 + i} cart ${i} shown`),
      ...spread('/svc/stock', 58, 0, 300, (i) => `INFO request_id=r${1000 + i} stock read for ${i}`),
      // On each failing request the stock service fails first and the cart service fails a moment
      // later; neither line names the other, only the request id joins them.
      ...Array.from({ length: 12 }, (_, i) => [
        line('/svc/stock', 6 - i * 0.4, `ERROR request_id=q${i}abcdefg stock row ${i} unreadable`),
        line('/svc/cart', 6 - i * 0.4 - 0.01, `ERROR request_id=q${i}abcdefg cart ${i} could not be priced`),
      ]).flat(),
    ]);
    const f = correlate({ events: events }, computeWindows(ALARM));
    const joined = f.trail.steps.find((s) => s.title === 'join_request_ids: ok');
    expect(joined?.detail).toContain('stock failed before cart in 12 of their shared requests');
    expect(f.root?.service).toBe('stock');
    expect(f.propagation).toEqual(['stock', 'cart']);
  });
});

describe('the spellings of a request id', () => {
  it('are read from logfmt, Fastify, pino-http and Elastic Common Schema lines', () => {
    const idOf = (message: string) =>
      requestIdOf(parseEvent({ logGroup: '/svc/quotes', logStream: 'a', timestamp: ALARM, message }));
    expect(idOf('level=error msg="quote failed" rid=7f3a9c01d2e4')).toBe('7f3a9c01d2e4');
    expect(idOf('level=error msg="quote failed" req_id=5edc0d1fc9ac775a')).toBe('5edc0d1fc9ac775a');
    expect(idOf('{"level":50,"reqId":"req-8d2f61ab","msg":"quote failed"}')).toBe('req-8d2f61ab');
    expect(idOf('{"level":50,"req":{"id":"b71c0e44a9f2"},"msg":"quote failed"}')).toBe('b71c0e44a9f2');
    expect(
      idOf('{"log.level":"error","http":{"request":{"id":"c0ffee12ab34"}},"message":"quote failed"}'),
    ).toBe('c0ffee12ab34');
    expect(idOf('level=error msg="quote failed" attempt=3')).toBeNull();
    // Spring Cloud Sleuth / Micrometer Tracing prefix; an all-zero id is no trace at all.
    expect(
      idOf(
        '2026-11-20 07:01:01.095 ERROR [fares,4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7] 1 --- [main] c.f.Fares : quote failed',
      ),
    ).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(
      idOf(
        '2026-11-20 07:01:01.095 ERROR [fares,00000000000000000000000000000000,0000000000000000] 1 --- [main] c.f.Fares : quote failed',
      ),
    ).toBeNull();
    expect(idOf('level=error msg="quote failed" trace_id=00000000000000000000000000000000')).toBeNull();
  });
});

describe('which failing lines order a request', () => {
  it("a caller's timeout gives no order (it gives up before its slow callee logs), an own failure does", () => {
    const hop = (message: string) =>
      hopIdOf(parseEvent({ logGroup: '/svc/quotes', logStream: 'a', timestamp: ALARM, message }));
    expect(
      hop(
        '{"level":50,"reqId":"req-8d2f61ab","msg":"tax lookup failed","err":{"message":"timeout of 2500ms exceeded"}}',
      ),
    ).toBeNull();
    expect(
      hop('level=error msg="rate fetch failed: context deadline exceeded" req_id=5edc0d1fc9ac775a'),
    ).toBeNull();
    expect(hop('level=error msg="rate table unreadable: checksum mismatch" req_id=5edc0d1fc9ac775a')).toBe(
      '5edc0d1fc9ac775a',
    );
  });
});
