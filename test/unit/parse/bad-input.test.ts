import { describe, expect, it } from 'vitest';
import { createRecordParser, parseEvent } from '../../../shared/analysis/parse/index.ts';
import { EVENT_LIMIT } from '../../../shared/analysis/parse/limits.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';
import { EVENT_MS, event, events, parseAll } from './helpers.ts';

describe('bad input: always a record, never a throw', () => {
  it('an empty message is an unparsed raw record at the event time', () => {
    expect(parseEvent(event(''))).toMatchObject({
      at: EVENT_MS,
      timestampSource: 'event',
      level: 'UNKNOWN',
      service: 'orders-api',
      message: '',
      raw: '',
      style: 'raw',
      parsed: false,
      parseNote: 'empty message',
      lineCount: 1,
    });
    expect(parseEvent(event(' \t \r\n')).parseNote).toBe('empty message');
  });

  it('binary junk is unparsed with a note', () => {
    const junk = String.fromCharCode(...Array.from({ length: 64 }, (_, i) => i % 9));
    expect(parseEvent(event(junk))).toMatchObject({
      style: 'raw',
      parsed: false,
      level: 'UNKNOWN',
      parseNote: 'binary content (control characters)',
    });
  });

  it('invalid UTF-8 decoded with replacement characters is unparsed with a note', () => {
    const decoded = new TextDecoder().decode(
      new Uint8Array([
        0xff, 0xfe, 0xfd, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe, 0x80,
        0x81, 0x82, 0x83,
      ]),
    );
    expect(decoded).toContain('\ufffd');
    expect(parseEvent(event(decoded))).toMatchObject({
      parsed: false,
      parseNote: 'undecodable bytes (invalid UTF-8 replaced by U+FFFD)',
    });
  });

  it('one stray replacement character in a readable line does not make it junk', () => {
    expect(parseEvent(event('2026-05-12T10:00:01Z ERROR payment failed for Jos\ufffd'))).toMatchObject({
      parsed: true,
      level: 'ERROR',
      message: 'payment failed for Jos\ufffd',
    });
  });

  it('ANSI colour codes do not hide the level', () => {
    expect(parseEvent(event('2026-05-12T10:00:01Z \u001b[31mERROR\u001b[0m disk full'))).toMatchObject({
      level: 'ERROR',
      message: 'disk full',
      raw: '2026-05-12T10:00:01Z \u001b[31mERROR\u001b[0m disk full',
    });
  });

  it('a line with only a timestamp is unparsed but keeps that timestamp', () => {
    expect(parseEvent(event('2026-05-12T10:00:00.250Z'))).toMatchObject({
      parsed: false,
      parseNote: 'only a timestamp',
      at: Date.UTC(2026, 4, 12, 10, 0, 0, 250),
      timestampSource: 'message',
      message: '',
    });
  });

  it('a line in no known style is unparsed, level from any level word, service from the group', () => {
    expect(
      parseEvent(
        event('Environment variable DEPLOY_ENV is undefined', {
          logGroup: '/k8s/app-09/payment-processing-worker',
        }),
      ),
    ).toMatchObject({
      style: 'raw',
      parsed: false,
      parseNote: 'no known log style',
      level: 'UNKNOWN',
      service: 'payment-processing-worker',
    });
    expect(parseEvent(event('worker 3: got FATAL signal, exiting'))).toMatchObject({
      style: 'raw',
      level: 'FATAL',
    });
  });

  it('CRLF line endings are not part of the message, and raw uses \\n', () => {
    const record = parseEvent(event('2026-05-12T10:00:01Z WARN first\r\n    at x (/app/x.js:1:1)\r\n'));
    expect(record).toMatchObject({
      level: 'WARN',
      message: 'first',
      raw: '2026-05-12T10:00:01Z WARN first\n    at x (/app/x.js:1:1)',
    });
  });

  it('a trailing newline (Lambda console output) is dropped from raw', () => {
    expect(parseEvent(event('2026-05-12T10:00:01Z INFO done\n')).raw).toBe('2026-05-12T10:00:01Z INFO done');
  });

  it('invalid JSON that starts with { is kept, with what can be salvaged', () => {
    const truncated =
      '{"time":"2026-05-12T10:00:00.000Z","level":"error","service":"cart","msg":"checkout failed","payload":"xxxxx';
    expect(parseEvent(event(truncated))).toMatchObject({
      style: 'json',
      parsed: false,
      parseNote: 'invalid or truncated JSON',
      level: 'ERROR',
      service: 'cart',
      message: 'checkout failed',
      at: Date.UTC(2026, 4, 12, 10, 0, 0),
    });
    expect(parseEvent(event('{not json at all'))).toMatchObject({
      style: 'json',
      parsed: false,
      level: 'UNKNOWN',
    });
  });

  it('deeply nested JSON is not parsed (consumers walking fields must not overflow)', () => {
    const deep = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const record = parseEvent(event(deep));
    expect(record).toMatchObject({ style: 'json', parsed: false, parseNote: 'JSON nested too deeply' });
    expect(record.fields).toBeUndefined();
  });

  it('a 1 MB line is parsed quickly, its message capped and its raw text cut at EVENT_LIMIT, the cut marked', () => {
    const big = `2026-05-12T10:00:01Z ERROR ${'x'.repeat(1_000_000)}`;
    const started = performance.now();
    const record = parseEvent(event(big));
    expect(performance.now() - started).toBeLessThan(500);
    expect(record).toMatchObject({ level: 'ERROR', style: 'plain', parsed: true });
    expect(record.message).toHaveLength(10_000);
    expect(record.raw).toHaveLength(
      EVENT_LIMIT + ` …[cut: ${big.length - EVENT_LIMIT} more characters]`.length,
    );
    expect(record.raw.endsWith(` …[cut: ${big.length - EVENT_LIMIT} more characters]`)).toBe(true);
  });

  it('a 1 MB JSON line and pathological 1 MB lines do not hang', () => {
    const lines = [
      JSON.stringify({ level: 'error', msg: 'y'.repeat(1_000_000) }),
      ' '.repeat(1_000_000),
      'a="'.repeat(300_000),
      'GET /'.repeat(200_000),
      '2026-02-02 09:00:13 UTC:'.padEnd(1_000_000, ':'),
      '['.repeat(1_000_000),
      'line\n'.repeat(200_000),
    ];
    const started = performance.now();
    for (const line of lines) expect(parseEvent(event(line)).lineCount).toBe(1);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('huge lines inside an open panic, traceback or crash report do not backtrack for ever', () => {
    const cases = [
      ['panic: x', 'a('.repeat(500_000)],
      ['Traceback (most recent call last):', `${'^'.repeat(1_000_000)}x`],
      ['/app/x.js:1', `${'^'.repeat(1_000_000)}x`],
    ];
    const started = performance.now();
    for (const lines of cases) {
      expect(parseAll(events(lines)).reduce((n, r) => n + r.lineCount, 0)).toBe(2);
      expect(parseEvent(event(lines.join('\n'))).lineCount).toBe(1);
    }
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('fractional event timestamps are floored to whole milliseconds', () => {
    const record = parseEvent(event('no timestamp here', { timestamp: 1770022814120.4285 }));
    expect(record).toMatchObject({ at: 1770022814120, timestampSource: 'event' });
  });

  it('a message timestamp more than a year from the event timestamp is ignored', () => {
    const record = parseEvent(event('2019-01-01T00:00:00Z ERROR replayed line'));
    expect(record).toMatchObject({
      at: EVENT_MS,
      timestampSource: 'event',
      level: 'ERROR',
      message: 'replayed line',
    });
    expect(record.parseNote).toBeUndefined();
  });

  it('a non-finite event timestamp gives at = 0 with a note, or the message time when there is one', () => {
    for (const timestamp of [Number.NaN, Number.POSITIVE_INFINITY, undefined]) {
      const record = parseEvent(event('WARN: no time here', { timestamp: timestamp as unknown as number }));
      expect(record).toMatchObject({
        at: 0,
        timestampSource: 'event',
        level: 'WARN',
        parsed: true,
        parseNote: 'event timestamp missing or not finite',
      });
    }
    expect(parseEvent(event('no style', { timestamp: Number.NaN })).parseNote).toBe(
      'no known log style; event timestamp missing or not finite',
    );
    expect(parseEvent(event('2026-05-12T10:00:01Z INFO ok', { timestamp: Number.NaN }))).toMatchObject({
      at: Date.UTC(2026, 4, 12, 10, 0, 1),
      timestampSource: 'message',
      parsed: true,
    });
  });

  it('malformed events (wrong types, missing fields) still give records', () => {
    const weird = [
      {} as LogEvent,
      { logGroup: 42, message: 42, timestamp: '1' } as unknown as LogEvent,
      { logGroup: '/ecs/x', message: { nested: true }, timestamp: 1 } as unknown as LogEvent,
      null as unknown as LogEvent,
    ];
    for (const input of weird) {
      const record = parseEvent(input);
      expect(Number.isFinite(record.at)).toBe(true);
      expect(record.lineCount).toBe(1);
    }
    expect(
      parseEvent({ logGroup: '/ecs/x', message: 42, timestamp: EVENT_MS } as unknown as LogEvent).message,
    ).toBe('42');
  });

  it('random bytes and random fragments of real lines never throw', () => {
    const fragments = [
      '2026-05-12T10:00:01Z',
      ' ERROR ',
      '[',
      ']',
      '{"',
      '":',
      'level=',
      '"',
      '\\',
      '\n',
      '\tat ',
      'panic: ',
      'Traceback (most recent call last):',
      ' - ',
      '[4758] ',
      'LOG:  ',
      '1:M 12 May 2026 10:00:01.123 ',
      'GET / HTTP/1.1" 500 ',
      '%3|',
      '|',
      '\u0000',
      '\ufffd',
      'é',
      '😀',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    const parser = createRecordParser();
    let emitted = 0;
    for (let i = 0; i < 3000; i++) {
      const length = next() % 12;
      let message = '';
      for (let j = 0; j < length; j++) message += fragments[next() % fragments.length];
      const input = event(message, { logStream: `s${next() % 3}`, timestamp: EVENT_MS + i });
      expect(() => parseEvent(input)).not.toThrow();
      for (const record of parser.push(input)) {
        emitted += record.lineCount;
        expect(Number.isFinite(record.at)).toBe(true);
      }
    }
    for (const record of parser.flush()) emitted += record.lineCount;
    expect(emitted).toBe(3000);
    expect(parser.stats.events).toBe(3000);
  });
});
