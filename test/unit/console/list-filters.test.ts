import { describe, expect, it } from 'vitest';
import {
  filtersQuery,
  listCursor,
  matchesRecord,
  parseFilters,
} from '../../../shared/console/list-filters.ts';
import { matchesWords, recordSearchText } from '../../../shared/console/search-text.ts';
import type { IncidentRecord } from '../../../shared/ports/incident-store.ts';

const record: IncidentRecord = {
  incidentId: 'INC-0000000a',
  title: 'Memory exhaustion in payment-service',
  occurredAt: '2026-04-08T14:43:00.000Z',
  alarmName: 'checkout-errors',
  rootService: 'payment-service',
  faultClass: 'memory_exhaustion',
  affectedServices: ['payment-service', 'checkout-gateway'],
  signature: [],
  rootCause: 'The coupon cache is never pruned.',
  reportLocation: 'reports/INC-0000000a/report.json',
  feedback: { verdict: 'corrected', correctedRootCause: 'A Redis failover', at: '2026-04-09T00:00:00.000Z' },
};

describe('the list filters', () => {
  it('reads valid values from the query string and drops the rest', () => {
    expect(
      parseFilters({
        q: '  coupon  ',
        service: 'payment-service',
        severity: 'P1',
        class: 'memory_exhaustion',
        from: '2026-04-01',
        to: '2026-02-30x',
        before: '2026-04-08T14:43:00.000Z',
        unknown: 'x',
      }),
    ).toEqual({
      q: 'coupon',
      service: 'payment-service',
      severity: 'P1',
      faultClass: 'memory_exhaustion',
      from: '2026-04-01',
      before: '2026-04-08T14:43:00.000Z',
    });
    expect(parseFilters({ severity: 'p1', class: 'MEMORY', q: '   ', before: 'soon' })).toEqual({});
  });

  it('writes them back as a query string, round trip', () => {
    const filters = parseFilters({ q: 'a&b c', class: 'disk_full', to: '2026-05-31' });
    const query = filtersQuery(filters);

    expect(query).toBe('?q=a%26b+c&class=disk_full&to=2026-05-31');
    expect(parseFilters(Object.fromEntries(new URLSearchParams(query)))).toEqual(filters);
    expect(filtersQuery({})).toBe('');
  });

  it('turns the `to` day and the paging cursor into the store cursor (the earlier wins)', () => {
    expect(listCursor({})).toBeUndefined();
    expect(listCursor({ to: '2026-05-31' })).toBe('2026-06-01T00:00:00.000Z');
    expect(listCursor({ to: '2026-05-31', before: '2026-05-02T00:00:00.000Z' })).toBe(
      '2026-05-02T00:00:00.000Z',
    );
    expect(listCursor({ to: '2026-05-01', before: '2026-05-20T00:00:00.000Z' })).toBe(
      '2026-05-02T00:00:00.000Z',
    );
  });

  it.each([
    [{ service: 'checkout-gateway' }, true],
    [{ service: 'PAYMENT-SERVICE' }, true],
    [{ service: 'checkout' }, false],
    [{ faultClass: 'disk_full' as const }, false],
    [{ from: '2026-04-08' }, true],
    [{ from: '2026-04-09' }, false],
  ])('matches a record against %j: %s', (filters, expected) => {
    expect(matchesRecord(record, filters)).toBe(expected);
  });

  it.each([
    ['memory COUPON', true],
    ['redis failover', true],
    ['memory disk', false],
  ])(
    'finds the words %j in the record text: %s (text search is done with the report, not here)',
    (q, expected) => {
      expect(matchesRecord(record, { q })).toBe(true);
      expect(matchesWords(q, recordSearchText(record))).toBe(expected);
    },
  );
});
