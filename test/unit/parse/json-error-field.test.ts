import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../../shared/analysis/parse/index.ts';
import { lineSignals } from '../../../shared/analysis/signals/classify-line.ts';
import { event } from './helpers.ts';

describe('JSON lines that carry the error in its own field', () => {
  it('adds a zap/logrus-style "error" string to the summary message', () => {
    const line =
      '{"level":"error","ts":"2026-03-15T19:30:08Z","msg":"sync failed","error":"dial tcp 10.0.0.7:5432: connect: connection timed out"}';
    const record = parseEvent(event(line));
    expect(record.message).toBe('sync failed: dial tcp 10.0.0.7:5432: connect: connection timed out');
    expect(record.raw).toBe(line);
  });

  it('adds the last error a summary of retries names, so the summary says what failed', () => {
    const line =
      '{"level":"warn","msg":"uploads postponed for 7 files in last 60s","last_error":"AccessDenied: not authorized to perform s3:PutObject"}';
    expect(parseEvent(event(line)).message).toBe(
      'uploads postponed for 7 files in last 60s: AccessDenied: not authorized to perform s3:PutObject',
    );
    const camel = '{"level":"error","msg":"render failed","errorMessage":"template not found"}';
    expect(parseEvent(event(camel)).message).toBe('render failed: template not found');
  });

  it('reads the message of a pino or ECS error object', () => {
    const line = '{"level":50,"msg":"request failed","err":{"type":"Error","message":"socket hang up"}}';
    const record = parseEvent(event(line));
    expect(record.message).toBe('request failed: socket hang up');
    const ecs = '{"log.level":"error","message":"payment failed","error":{"message":"card declined"}}';
    expect(parseEvent(event(ecs)).message).toBe('payment failed: card declined');
  });

  it('leaves the message alone when it already holds the error, or when there is none', () => {
    const same =
      '{"level":"error","message":"Network timeout after 30000ms","error":"Network timeout after 30000ms"}';
    expect(parseEvent(event(same)).message).toBe('Network timeout after 30000ms');
    const only = '{"level":"error","error":"connect ECONNREFUSED 10.0.0.1:6379"}';
    expect(parseEvent(event(only)).message).toBe('connect ECONNREFUSED 10.0.0.1:6379');
    const plain = '{"level":"info","message":"Job executed successfully in 120ms"}';
    expect(parseEvent(event(plain)).message).toBe('Job executed successfully in 120ms');
  });
});

describe('logfmt lines that carry the error in its own pair', () => {
  it('adds it to the summary message, and the pool that could not hand out a connection names the fault', () => {
    const line =
      'level=error msg="booking failed" err="acquire db conn: context deadline exceeded" dur_ms=3012';
    const record = parseEvent(event(line));
    expect(record.message).toBe('booking failed: acquire db conn: context deadline exceeded');
    const strongest = lineSignals(record.message).sort((a, b) => b.strength - a.strength)[0];
    expect(strongest?.faultClass).toBe('connection_pool_exhaustion');
    expect(
      lineSignals('Knex: Timeout acquiring a connection. The pool is probably full.')[0]?.faultClass,
    ).toBe('connection_pool_exhaustion');
    const sqlalchemy = lineSignals(
      'sqlalchemy.exc.TimeoutError: QueuePool limit of size 20 overflow 10 reached, connection timed out, timeout 30.00',
    ).sort((a, b) => b.strength - a.strength);
    expect(sqlalchemy[0]?.faultClass).toBe('connection_pool_exhaustion');
    expect(parseEvent(event('level=error err="disk quota exceeded" op=write')).message).toBe(
      'disk quota exceeded',
    );
  });
});
