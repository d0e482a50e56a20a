import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRecordParser } from '../../../shared/analysis/parse/index.ts';
import type { LogEvent, LogRecord } from '../../../shared/domain/log-event.ts';

/**
 * 2026-05-12T10:00:02.500Z: the event timestamp used unless a test says otherwise, delivered a
 * second and a half after the lines' own times (10:00:01), so that their own times stand.
 */
export const EVENT_MS = Date.UTC(2026, 4, 12, 10, 0, 2, 500);

export function event(message: string, overrides: Partial<LogEvent> = {}): LogEvent {
  return {
    logGroup: '/ecs/orders-api',
    logStream: 'orders-api/orders-api/abc123',
    timestamp: EVENT_MS,
    message,
    ...overrides,
  };
}

/** Events of one stream, one per message, a millisecond apart. */
export function events(messages: readonly string[], overrides: Partial<LogEvent> = {}): LogEvent[] {
  return messages.map((message, i) => event(message, { timestamp: EVENT_MS + i, ...overrides }));
}

export function parseAll(input: readonly LogEvent[]): LogRecord[] {
  const parser = createRecordParser();
  const records = input.flatMap((e) => parser.push(e));
  return [...records, ...parser.flush()];
}

export function readFixture(name: string): LogEvent[] {
  const path = fileURLToPath(new URL(`../../fixtures/parse/${name}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as LogEvent);
}
