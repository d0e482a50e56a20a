import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderLogFetcher } from '../../../../shared/adapters/local/folder-log-fetcher.ts';
import {
  IncidentFolderError,
  IncidentFolderSource,
} from '../../../../shared/adapters/local/incident-folder.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';

const T = 1775659380000;
const ALARM = '{"detail-type":"CloudWatch Alarm State Change"}';

let root: string;
let counter = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-folder-log-fetcher-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A fresh incident folder whose logs.jsonl holds the given text (none when null). */
function folder(logs: string | null): string {
  const dir = join(root, `incident-${counter++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'alarm.json'), ALARM);
  if (logs !== null) writeFileSync(join(dir, 'logs.jsonl'), logs);
  return dir;
}

const line = (event: Record<string, unknown>) => `${JSON.stringify(event)}\n`;

/** The groups of the events the fetch yields: what the listing must agree with. */
function fetchedGroups(dir: string): string[] {
  const groups = new Set<string>();
  for (const event of new IncidentFolderSource(dir).load().events) groups.add(event.logGroup);
  return [...groups].sort();
}

describe('FolderLogFetcher.knownLogGroups', () => {
  it('lists the groups of the events, sorted, without duplicates', () => {
    // Prepare
    const dir = folder(
      [
        line({ logGroup: '/ecs/b', timestamp: T, message: 'one' }),
        line({ logGroup: '/ecs/a', timestamp: T + 1, message: 'two' }),
        line({ logGroup: '/ecs/b', timestamp: T + 2, message: 'three' }),
      ].join(''),
    );

    // Act
    const groups = new FolderLogFetcher(dir).knownLogGroups();

    // Assess
    expect(groups).toEqual(['/ecs/a', '/ecs/b']);
    expect(groups).toEqual(fetchedGroups(dir));
  });

  it('reads the group wherever the key stands, escaped, spaced, or in CRLF lines', () => {
    // Prepare
    const dir = folder(
      [
        line({ timestamp: T, logGroup: '/key/not-first', message: 'x' }),
        line({ logGroup: '/quote"and\\backslash', timestamp: T, message: 'x' }),
        `{"logGroup":"/unicode/\\u00e9t\\u00e9","timestamp":${T},"message":"x"}\n`,
        `  {  "logGroup" :  "/spaced"  , "timestamp": ${T}, "message": "x" }\r\n`,
        line({ logGroup: '/ünïcode/raw', timestamp: T, message: 'x' }),
        '\n   \n',
      ].join(''),
    );

    // Act
    const groups = new FolderLogFetcher(dir).knownLogGroups();

    // Assess
    expect(groups).toEqual([
      '/key/not-first',
      '/quote"and\\backslash',
      '/spaced',
      '/unicode/été',
      '/ünïcode/raw',
    ]);
    expect(groups).toEqual(fetchedGroups(dir));
  });

  it('takes the group JSON.parse takes when the key occurs twice, nested, or inside a message', () => {
    // Prepare
    const dir = folder(
      [
        `{"logGroup":"/first","timestamp":${T},"message":"x","logGroup":"/last"}\n`,
        line({ logGroup: '/outer', timestamp: T, message: { logGroup: '/nested' } }),
        line({ logGroup: '/outer2', timestamp: T, message: 'said "logGroup": "/in-text"' }),
        `{"a\\"logGroup":"/not-a-key","logGroup":"/real","timestamp":${T},"message":"x"}\n`,
      ].join(''),
    );

    // Act
    const groups = new FolderLogFetcher(dir).knownLogGroups();

    // Assess
    expect(groups).toEqual(['/last', '/outer', '/outer2', '/real']);
    expect(groups).toEqual(fetchedGroups(dir));
  });

  it('skips lines that name no group: invalid JSON, not an object, an empty or non-text group', () => {
    // Prepare
    const dir = folder(
      [
        'not json at all\n',
        '[1, 2, 3]\n',
        `{"logGroup":"","timestamp":${T},"message":"x"}\n`,
        `{"logGroup":42,"timestamp":${T},"message":"x"}\n`,
        `{"logGroup":"/broken",\n`,
        line({ logGroup: '/ok', timestamp: T, message: 'x' }),
      ].join(''),
    );

    // Act
    const groups = new FolderLogFetcher(dir).knownLogGroups();

    // Assess: the truncated line opens with its group, named as a log store names an empty group
    expect(groups).toEqual(['/broken', '/ok']);
    expect(fetchedGroups(dir)).toEqual(['/ok']);
  });

  it('reads lines longer than its read buffer and a last line without a newline', () => {
    // Prepare
    const long = 'x'.repeat(9 * 1024 * 1024);
    const dir = folder(
      `${line({ logGroup: '/long', timestamp: T, message: long })}${JSON.stringify({ logGroup: '/last-line', timestamp: T, message: 'y' })}`,
    );

    // Act
    const groups = new FolderLogFetcher(dir).knownLogGroups();

    // Assess
    expect(groups).toEqual(['/last-line', '/long']);
    expect(groups).toEqual(fetchedGroups(dir));
  });

  it('lists no group for a folder without logs.jsonl or with an empty one', () => {
    expect(new FolderLogFetcher(folder(null)).knownLogGroups()).toEqual([]);
    expect(new FolderLogFetcher(folder('')).knownLogGroups()).toEqual([]);
  });

  it('rejects what is not an incident folder, as the fetch does', () => {
    expect(() => new FolderLogFetcher(join(root, 'no-such-folder')).knownLogGroups()).toThrow(
      IncidentFolderError,
    );
  });

  it('agrees with the fetched events on many generated lines across read-buffer boundaries', () => {
    // Prepare: ~6 MB of lines, so a line straddles the 4 MB read boundary
    const lines: string[] = [];
    for (let i = 0; i < 25_000; i++) {
      lines.push(
        line({
          logGroup: `/eks/group-${i % 7}`,
          logStream: `pod-${i % 13}`,
          timestamp: T + i,
          message: `${'payload '.repeat(i % 40)}request ${i} done`,
        }),
      );
    }
    const dir = folder(lines.join(''));

    // Act
    const groups = new FolderLogFetcher(dir).knownLogGroups();

    // Assess
    expect(groups).toHaveLength(7);
    expect(groups).toEqual(fetchedGroups(dir));
  });
});

describe('FolderLogFetcher.fetch', () => {
  it('streams every event of the folder and counts them once the iteration ends', async () => {
    // Prepare
    const events: LogEvent[] = [
      { logGroup: '/ecs/a', logStream: 's1', timestamp: T, message: 'hello' },
      { logGroup: '/ecs/b', timestamp: T + 5, message: 'world!' },
    ];
    const dir = folder(`${events.map((e) => line({ ...e })).join('')}not json\n`);

    // Act
    const { events: stream, outcome } = new FolderLogFetcher(dir).fetch({
      logGroups: ['/ecs/a'],
      startTime: 0,
      endTime: Number.MAX_SAFE_INTEGER,
    });
    const fetched: LogEvent[] = [];
    for await (const event of stream) fetched.push(event);

    // Assess
    expect(fetched).toEqual(events);
    expect(outcome).toMatchObject({ events: 2, bytes: 11, truncated: false });
    expect(outcome.notes).toEqual(['1 line(s) of logs.jsonl rejected: not valid JSON.']);
  });
});
