import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../shared/analysis/parse/index.ts';
import { parseAll, readFixture } from './helpers.ts';

// Lines written for the tests in the styles real CloudWatch Logs hold (test/fixtures/parse/gen.py).

describe('a forwarder prefix: five raw lines at one timestamp, the emitting service inside the message', () => {
  const records = parseAll(readFixture('forwarded-double-prefix.jsonl'));

  it('attributes each line to its inner service and level', () => {
    expect(records.map((r) => [r.service, r.level])).toEqual([
      ['price-engine', 'FATAL'],
      ['trip-portal', 'ERROR'],
      ['edge-proxy', 'WARN'],
      ['price-engine', 'ERROR'],
      ['trip-portal', 'ERROR'],
      ['trip-portal', 'INFO'],
      ['price-engine', 'INFO'],
    ]);
  });

  it('takes the time from the message and keeps the log group', () => {
    for (const record of records.slice(0, 5)) {
      expect(record).toMatchObject({
        at: Date.parse('2026-10-02T16:35:29.412Z'),
        timestampSource: 'message',
        logGroup: '/ecs/trip-portal',
      });
    }
  });
});

describe('Logback, PostgreSQL, logfmt and Python in one incident', () => {
  // Records of different streams come out per stream; the fixture is in time order.
  const records = parseAll(readFixture('mixed-styles.jsonl')).sort((a, b) => a.at - b.at);

  it('recognises every style', () => {
    expect(records.map((r) => [r.style, r.service, r.level])).toEqual([
      ['postgres', 'billing-pg', 'INFO'],
      ['java', 'invoice-api', 'INFO'],
      ['logfmt', 'log-forwarder', 'WARN'],
      ['python', 'statement-export', 'WARN'],
      ['postgres', 'billing-pg', 'FATAL'],
      ['java', 'invoice-api', 'ERROR'],
    ]);
    expect(records.every((r) => r.parsed && r.timestampSource === 'message')).toBe(true);
  });

  it('reads a line whose event timestamp is fractional', () => {
    expect(records[1]).toMatchObject({
      at: Date.parse('2026-11-01T02:30:05.283Z'),
      statusCode: 200,
      message: 'GET /invoices/44178/pdf 200 in 23 ms',
    });
  });
});

describe('nginx access lines, JSON and Kubernetes events', () => {
  const records = parseAll(readFixture('access-json-k8s.jsonl')).sort((a, b) => a.at - b.at);

  it('reads status codes, levels and the pod owner', () => {
    expect(records.map((r) => [r.style, r.service, r.level, r.statusCode])).toEqual([
      ['access', 'booking-edge', 'INFO', 200],
      ['k8s-event', 'itinerary-service', 'INFO', undefined],
      ['json', 'itinerary-service', 'WARN', undefined],
      ['access', 'booking-edge', 'ERROR', 504],
      ['k8s-event', 'itinerary-service', 'ERROR', undefined],
    ]);
  });
});

describe('single lines of other shapes', () => {
  it('a Python traceback in one event', () => {
    const records = parseAll(readFixture('python-traceback.jsonl'));
    expect(records.map((r) => [r.style, r.level, r.parsed])).toEqual([
      ['raw', 'UNKNOWN', false],
      ['plain', 'WARN', true],
      ['python', 'ERROR', true],
    ]);
    expect(records[2]?.exception).toBe(
      'CertificateExpiredError: client certificate expired on 2027-02-28 09:00:00',
    );
  });

  it('the service field names the emitter, not the log group', () => {
    const [line] = readFixture('json-inner-service.jsonl');
    expect(line && parseEvent(line)).toMatchObject({
      service: 'session-service',
      level: 'ERROR',
      style: 'json',
    });
  });

  it('a JSON stack_trace becomes the exception', () => {
    const [line] = readFixture('json-stack.jsonl');
    expect(line && parseEvent(line)).toMatchObject({
      exception: 'java.lang.OutOfMemoryError: Java heap space',
    });
  });

  it('clock-only Logback lines use the event time', () => {
    const records = readFixture('clock-only-logback.jsonl').map(parseEvent);
    expect(records.map((r) => [r.style, r.level, r.service, r.timestampSource])).toEqual([
      ['java', 'ERROR', 'fare-rules-service', 'event'],
      ['java', 'ERROR', 'seat-map-service', 'event'],
    ]);
    expect(records[0]?.at).toBe(Date.parse('2026-10-18T14:08:47.311Z'));
  });
});
