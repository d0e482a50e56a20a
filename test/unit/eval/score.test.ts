import { describe, expect, it } from 'vitest';
import { scoreReport } from '../../../eval/score.ts';

const input = {
  text: 'checkout-api ERROR payment declined\nledger-db LOG checkpoint complete',
  messages: ['payment declined', 'checkpoint complete'],
};

describe('the evaluation scorer', () => {
  it('passes a report whose origin, class, affected services and quotes match the truth and the input', () => {
    const verdict = scoreReport(
      {
        rootCause: { service: 'ledger-db', faultClass: 'disk_full' },
        affectedServices: [{ service: 'ledger-db' }, { service: 'checkout-api' }],
        evidence: { lines: [{ text: 'payment declined' }] },
        timeline: [{ at: '2026-01-01T00:00:00Z' }, { at: '2026-01-01T00:01:00Z' }],
      },
      { rootCauseService: ['ledger-db'], faultClass: 'disk_full', affected: ['ledger-db', 'checkout-api'] },
      input,
    );
    expect(Object.values(verdict).every(Boolean)).toBe(true);
  });

  it('fails grounding for a service the input never names, but not for a name the masking replaced', () => {
    const report = (service: string) => ({
      rootCause: { service: 'ledger-db', faultClass: 'disk_full' },
      affectedServices: [{ service: 'ledger-db' }, { service }],
    });
    const truth = { rootCauseService: ['ledger-db'], faultClass: 'disk_full' };
    expect(scoreReport(report('billing-api'), truth, input).grounded).toBe(false);
    expect(scoreReport(report('[REDACTED:ip-address]'), truth, input).grounded).toBe(true);
  });

  it('counts an alternative class the truth accepts, and a healthy alarm only when nothing is named', () => {
    const truth = {
      rootCauseService: ['ledger-db'],
      faultClass: 'disk_full',
      faultClassAlternatives: ['config_error'],
    };
    expect(
      scoreReport({ rootCause: { service: 'ledger-db', faultClass: 'config_error' } }, truth, input).class,
    ).toBe(true);
    const healthy = { inconclusive: true };
    expect(scoreReport({ rootCause: { service: null, faultClass: 'unknown' } }, healthy, input).service).toBe(
      true,
    );
    expect(
      scoreReport({ rootCause: { service: 'ledger-db', faultClass: 'disk_full' } }, healthy, input).service,
    ).toBe(false);
  });
});
