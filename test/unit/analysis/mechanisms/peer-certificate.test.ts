import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { lineSignals } from '../../../../shared/analysis/signals/classify-line.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { byTime, spread } from './builders.ts';

const window = computeWindows(Date.parse('2026-08-11T03:20:00Z'));

/** How urllib3 reports a connection whose TLS failed, as a workflow's task failure carries it on. */
const workflowFailure = (i: number) =>
  JSON.stringify({
    type: 'TaskFailed',
    details: {
      error: 'SSLError',
      cause: `HTTPSConnectionPool(host='tariffs.internal.example.org', port=443): Max retries exceeded with url: /v1/rate/${i}`,
    },
  });

describe("a TLS connection's failure reported by its client", () => {
  it('is a certificate fault that the client reports of its peer, not its own', () => {
    const signals = lineSignals(workflowFailure(1));
    expect(signals[0]).toMatchObject({ faultClass: 'tls_certificate', own: false });
  });

  it('makes the peer the line names the origin, though the peer logs no error', () => {
    const events = byTime([
      // The tariff service answers until its certificate expires; then only its health checks come.
      ...spread('/ecs/tariffs-svc', 50, 6.05, 264, (i) => `INFO POST /v1/rate/${i} 200 12ms`),
      ...spread('/ecs/tariffs-svc', 50, 0, 100, () => 'INFO GET /healthz 200 1ms'),
      ...spread('/aws/vendedlogs/states/rating-flow', 50, 6.05, 60, () =>
        JSON.stringify({ type: 'TaskSucceeded', details: { output: '{"ok":true}' } }),
      ),
      ...spread('/aws/vendedlogs/states/rating-flow', 6, 0, 60, workflowFailure),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('tariffs-svc');
    expect(f.classification.faultClass).toBe('tls_certificate');
  });
});
