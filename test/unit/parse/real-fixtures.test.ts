import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../shared/analysis/parse/index.ts';
import { parseAll, readFixture } from './helpers.ts';

// Lines copied verbatim from ../shared/scenarios and ../shared/realdata (see test/fixtures/parse/).

describe('d01: five raw lines at one timestamp, the emitting service inside the message', () => {
  const records = parseAll(readFixture('d01-double-prefix.jsonl'));

  it('attributes each line to its inner service and level', () => {
    expect(records.map((r) => [r.service, r.level])).toEqual([
      ['payments-worker', 'FATAL'],
      ['fashion-aura-api', 'ERROR'],
      ['api-gateway', 'WARN'],
      ['payments-worker', 'ERROR'],
      ['fashion-aura-api', 'ERROR'],
      ['fashion-aura-api', 'INFO'],
      ['payments-worker', 'INFO'],
    ]);
  });

  it('takes the time from the message and keeps the log group', () => {
    for (const record of records.slice(0, 5)) {
      expect(record).toMatchObject({
        at: 1779623650221,
        timestampSource: 'message',
        logGroup: '/ecs/fashion-aura-api',
      });
    }
  });
});

describe('d03: Logback, PostgreSQL, logfmt and Python in one incident', () => {
  // Records of different streams come out per stream; the fixture is in time order.
  const records = parseAll(readFixture('d03-mixed-styles.jsonl')).sort((a, b) => a.at - b.at);

  it('recognises every style', () => {
    expect(records.map((r) => [r.style, r.service, r.level])).toEqual([
      ['postgres', 'ledger-db', 'INFO'],
      ['java', 'ledger-api', 'INFO'],
      ['logfmt', 'metrics-agent', 'WARN'],
      ['python', 'reconcile-job', 'WARN'],
      ['postgres', 'ledger-db', 'FATAL'],
      ['java', 'ledger-api', 'ERROR'],
    ]);
    expect(records.every((r) => r.parsed && r.timestampSource === 'message')).toBe(true);
  });

  it('reads a line whose event timestamp is fractional', () => {
    expect(records[1]).toMatchObject({
      at: 1770022814120,
      statusCode: 200,
      message: 'GET /accounts/30851/balance 200 in 19 ms',
    });
  });
});

describe('d02: nginx access lines, JSON and Kubernetes events', () => {
  const records = parseAll(readFixture('d02-access-json-k8s.jsonl')).sort((a, b) => a.at - b.at);

  it('reads status codes, levels and the pod owner', () => {
    expect(records.map((r) => [r.style, r.service, r.level, r.statusCode])).toEqual([
      ['access', 'checkout-gateway', 'INFO', 200],
      ['k8s-event', 'payment-service', 'INFO', undefined],
      ['json', 'payment-service', 'WARN', undefined],
      ['access', 'checkout-gateway', 'ERROR', 504],
      ['k8s-event', 'payment-service', 'ERROR', undefined],
    ]);
  });
});

describe('HolmesGPT and Train-Ticket lines', () => {
  it('hg-inv05: a Python traceback in one event', () => {
    const records = parseAll(readFixture('hg-inv05-python.jsonl'));
    expect(records.map((r) => [r.style, r.level, r.parsed])).toEqual([
      ['raw', 'UNKNOWN', false],
      ['plain', 'WARN', true],
      ['python', 'ERROR', true],
    ]);
    expect(records[2]?.exception).toBe('ExpiredCertException: Certificate expired on 2024-08-03 17:00:08');
  });

  it('hg68: the service field names the emitter, not the log group', () => {
    const [line] = readFixture('hg68-json-inner-service.jsonl');
    expect(line && parseEvent(line)).toMatchObject({
      service: 'auth-service',
      level: 'ERROR',
      style: 'json',
    });
  });

  it('hg70: a JSON stack_trace becomes the exception', () => {
    const [line] = readFixture('hg70-json-stack.jsonl');
    expect(line && parseEvent(line)).toMatchObject({
      exception: 'java.lang.OutOfMemoryError: Java heap space',
    });
  });

  it('Train-Ticket: clock-only Logback lines use the event time', () => {
    const records = readFixture('nezha-logback.jsonl').map(parseEvent);
    expect(records.map((r) => [r.style, r.level, r.service, r.timestampSource])).toEqual([
      ['java', 'ERROR', 'ts-food-service', 'event'],
      ['java', 'ERROR', 'ts-preserve-service', 'event'],
    ]);
    expect(records[0]?.at).toBe(1674981582468);
  });
});
