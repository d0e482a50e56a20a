import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentFolderError, IncidentFolderSource } from '../../../shared/adapters/local/incident-folder.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';

const ALARM_TEXT = readFileSync(
  fileURLToPath(new URL('../../fixtures/alarms/booking-edge-5xx.json', import.meta.url)),
  'utf8',
);
const ALARM = JSON.parse(ALARM_TEXT) as unknown;
const T = 1775659380000;

let root: string;
let counter = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-incident-folder-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A fresh incident folder holding the given files (name → content). */
function folder(files: Record<string, string | Buffer>): string {
  const dir = join(root, `incident-${counter++}`);
  mkdirSync(dir);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return dir;
}

function line(value: unknown): string {
  return JSON.stringify(value);
}

function loadError(dir: string): IncidentFolderError {
  try {
    new IncidentFolderSource(dir).load();
  } catch (e) {
    expect(e).toBeInstanceOf(IncidentFolderError);
    return e as IncidentFolderError;
  }
  throw new Error(`load() of ${dir} did not throw`);
}

/** Loads a folder and reads every event, so the notes are complete. */
function readAll(dir: string): { events: LogEvent[]; notes: string[]; alarmEvent: unknown } {
  const input = new IncidentFolderSource(dir).load();
  const events = [...input.events];
  return { events, notes: input.notes, alarmEvent: input.alarmEvent };
}

describe('IncidentFolderSource: the folder itself', () => {
  it('throws IncidentFolderError naming a folder that does not exist', () => {
    const dir = join(root, 'no-such-incident');
    const error = loadError(dir);
    expect(error.message).toBe(`${dir} is not an incident folder (no such directory)`);
  });

  it('throws IncidentFolderError when the path is a file, not a folder', () => {
    const dir = folder({ 'alarm.json': ALARM_TEXT });
    const error = loadError(join(dir, 'alarm.json'));
    expect(error.message).toBe(`${join(dir, 'alarm.json')} is not an incident folder (no such directory)`);
  });

  it('throws IncidentFolderError when alarm.json is missing', () => {
    const dir = folder({ 'logs.jsonl': `${line({ logGroup: '/ecs/a', timestamp: T, message: 'x' })}\n` });
    const error = loadError(dir);
    expect(error.message).toBe(`${dir} has no alarm.json`);
  });

  it('throws IncidentFolderError when alarm.json is not valid JSON', () => {
    const dir = folder({ 'alarm.json': '{"version": "0", "detail": ' });
    const error = loadError(dir);
    expect(error.message).toMatch(/alarm\.json is not valid JSON: \S/);
    expect(error.message).toContain(dir);
  });

  it('returns the parsed alarm event as it is in alarm.json', () => {
    const dir = folder({ 'alarm.json': ALARM_TEXT, 'logs.jsonl': '' });
    expect(readAll(dir).alarmEvent).toEqual(ALARM);
  });
});

describe('IncidentFolderSource: logs.jsonl', () => {
  it('gives zero events and a note when there is no logs.jsonl', () => {
    const { events, notes } = readAll(folder({ 'alarm.json': ALARM_TEXT }));
    expect(events).toEqual([]);
    expect(notes).toEqual(['The folder has no logs.jsonl: there are no log lines to analyze.']);
  });

  it('gives zero events and a note when logs.jsonl is empty', () => {
    const { events, notes } = readAll(folder({ 'alarm.json': ALARM_TEXT, 'logs.jsonl': '' }));
    expect(events).toEqual([]);
    expect(notes).toEqual(['logs.jsonl is empty: there are no log lines to analyze.']);
  });

  it('reads valid events with their fields, and no note', () => {
    const dir = folder({
      'alarm.json': ALARM_TEXT,
      'logs.jsonl': [
        line({ logGroup: '/ecs/a', logStream: 'a/1', timestamp: T, message: 'first' }),
        line({ logGroup: '/ecs/b', timestamp: T + 1, message: 'second\n\tat Foo.bar(Foo.java:1)' }),
      ].join('\n'),
    });
    const { events, notes } = readAll(dir);
    expect(events).toEqual([
      { logGroup: '/ecs/a', logStream: 'a/1', timestamp: T, message: 'first' },
      { logGroup: '/ecs/b', timestamp: T + 1, message: 'second\n\tat Foo.bar(Foo.java:1)' },
    ]);
    expect(notes).toEqual([]);
  });

  it('skips unusable lines and counts them per reason, keeps the good ones in order', () => {
    const good = (n: number) => line({ logGroup: '/ecs/ok', timestamp: T + n, message: `good ${n}` });
    const lines = [
      good(0),
      '{"logGroup": "/ecs/a", "timestamp": 1, "message": ', // truncated JSON
      'not json at all',
      good(1),
      '{bad}',
      '[1, 2, 3]', // not an object
      '"a string"',
      '42',
      'null',
      line({ timestamp: T, message: 'no group' }),
      line({ logGroup: '', timestamp: T, message: 'empty group' }),
      line({ logGroup: 7, timestamp: T, message: 'numeric group' }),
      line({ logGroup: '/ecs/a', message: 'no timestamp' }),
      line({ logGroup: '/ecs/a', timestamp: 'yesterday', message: 'word timestamp' }),
      line({ logGroup: '/ecs/a', timestamp: '', message: 'empty timestamp' }),
      line({ logGroup: '/ecs/a', timestamp: null, message: 'null timestamp' }),
      line({ logGroup: '/ecs/a', timestamp: T }),
      line({ logGroup: '/ecs/a', timestamp: T, message: null }),
      good(2),
    ];
    const { events, notes } = readAll(folder({ 'alarm.json': ALARM_TEXT, 'logs.jsonl': lines.join('\n') }));
    expect(events.map((e) => e.message)).toEqual(['good 0', 'good 1', 'good 2']);
    expect(notes).toEqual([
      '3 line(s) of logs.jsonl rejected: not valid JSON.',
      '4 line(s) of logs.jsonl rejected: not a JSON object.',
      '3 line(s) of logs.jsonl rejected: no logGroup.',
      '4 line(s) of logs.jsonl rejected: no numeric timestamp.',
      '2 line(s) of logs.jsonl rejected: no message.',
    ]);
  });

  it('accepts a timestamp written as a numeric string, as a number', () => {
    const dir = folder({
      'alarm.json': ALARM_TEXT,
      'logs.jsonl': line({ logGroup: '/ecs/a', timestamp: String(T), message: 'string time' }),
    });
    const { events, notes } = readAll(dir);
    expect(events).toEqual([{ logGroup: '/ecs/a', timestamp: T, message: 'string time' }]);
    expect(typeof events[0]?.timestamp).toBe('number');
    expect(notes).toEqual([]);
  });

  it('keeps a message that is not a string as its JSON text, and notes how many', () => {
    const dir = folder({
      'alarm.json': ALARM_TEXT,
      'logs.jsonl': [
        line({ logGroup: '/ecs/a', timestamp: T, message: { level: 'error', msg: 'boom' } }),
        line({ logGroup: '/ecs/a', timestamp: T + 1, message: 503 }),
        line({ logGroup: '/ecs/a', timestamp: T + 2, message: false }),
        line({ logGroup: '/ecs/a', timestamp: T + 3, message: 'plain' }),
      ].join('\n'),
    });
    const { events, notes } = readAll(dir);
    expect(events.map((e) => e.message)).toEqual(['{"level":"error","msg":"boom"}', '503', 'false', 'plain']);
    expect(notes).toEqual(['3 event(s) had a non-text message, kept as its JSON text.']);
  });

  it('ignores blank lines (LF and CRLF, whitespace only) without a note', () => {
    const a = line({ logGroup: '/ecs/a', timestamp: T, message: 'a' });
    const b = line({ logGroup: '/ecs/a', timestamp: T + 1, message: 'b' });
    const dir = folder({
      'alarm.json': ALARM_TEXT,
      'logs.jsonl': `\n\r\n${a}\r\n   \n\t\n\n${b}\n\n`,
    });
    const { events, notes } = readAll(dir);
    expect(events.map((e) => e.message)).toEqual(['a', 'b']);
    expect(notes).toEqual([]);
  });

  it('a logs.jsonl of blank lines only gives zero events and no rejection note', () => {
    const { events, notes } = readAll(folder({ 'alarm.json': ALARM_TEXT, 'logs.jsonl': '\n\n  \n' }));
    expect(events).toEqual([]);
    expect(notes.filter((n) => n.includes('rejected'))).toEqual([]);
  });

  it('fills the notes only as the events are read: complete once iterated to the end', () => {
    const dir = folder({
      'alarm.json': ALARM_TEXT,
      'logs.jsonl': [
        'garbage',
        line({ logGroup: '/ecs/a', timestamp: T, message: 'one' }),
        line({ logGroup: '/ecs/a', timestamp: T + 1, message: ['x'] }),
        line({ logGroup: '/ecs/a', message: 'no time' }),
      ].join('\n'),
    });
    const input = new IncidentFolderSource(dir).load();
    expect(input.notes).toEqual([]);
    const iterator = input.events[Symbol.iterator]();
    expect(iterator.next().value).toMatchObject({ message: 'one' });
    expect(input.notes).toEqual([]);
    expect(iterator.next().value).toMatchObject({ message: '["x"]' });
    expect(iterator.next().done).toBe(true);
    expect(input.notes).toEqual([
      '1 line(s) of logs.jsonl rejected: not valid JSON.',
      '1 line(s) of logs.jsonl rejected: no numeric timestamp.',
      '1 event(s) had a non-text message, kept as its JSON text.',
    ]);
  });
});
