import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
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
