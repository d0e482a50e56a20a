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
import { planFetchSlices } from '../../../../shared/workflow/fetch-slices.ts';

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

  it('lists many groups of one length over a file of several chunks, one line longer than a chunk', () => {
    // Prepare: 40 groups differing only in their last characters, interleaved, about 6 MB of lines
    const names = Array.from({ length: 40 }, (_, i) => `/svc/group-${String(i).padStart(2, '0')}`);
    const lines: string[] = [];
    for (let i = 0; i < 24_000; i++) {
      lines.push(
        line({
          logGroup: names[(i * 7) % names.length],
          timestamp: T + i,
          message: `event ${i} `.repeat(20),
        }),
      );
    }
    lines.splice(
      12_000,
      0,
      line({ logGroup: '/svc/huge-line', timestamp: T, message: 'x'.repeat(5 * 1024 * 1024) }),
    );
    const dir = folder(lines.join(''));

    // Act
    const groups = new FolderLogFetcher(dir).knownLogGroups();

    // Assess
    expect(groups).toEqual([...names, '/svc/huge-line'].sort());
    expect(groups).toEqual(fetchedGroups(dir));
  });
});

describe('FolderLogFetcher.fetch', () => {
  it('streams the events of the requested groups and range, and counts them once the iteration ends', async () => {
    // Prepare
    const events: LogEvent[] = [
      { logGroup: '/ecs/a', logStream: 's1', timestamp: T, message: 'hello' },
      { logGroup: '/ecs/b', timestamp: T + 5, message: 'world!' },
      { logGroup: '/ecs/a', timestamp: T + 10, message: 'after the range' },
    ];
    const dir = folder(`${events.map((e) => line({ ...e })).join('')}not json\n`);

    // Act
    const { events: stream, outcome } = new FolderLogFetcher(dir).fetch({
      logGroups: ['/ecs/a'],
      startTime: T,
      endTime: T + 9,
    });
    const fetched: LogEvent[] = [];
    for await (const event of stream) fetched.push(event);

    // Assess
    expect(fetched).toEqual([events[0]]);
    expect(outcome).toMatchObject({ events: 1, bytes: 5, truncated: false });
    expect(outcome.notes).toEqual(['1 line(s) of logs.jsonl rejected: not valid JSON.']);
  });

  it('reads every line of the folder exactly once over the planned slices of a window, the outer ones open-ended', async () => {
    // Prepare: lines before, inside and after the window, in three groups, some on slice boundaries.
    const window = { startTime: T, endTime: T + 60_000 - 1 };
    const events: LogEvent[] = [];
    const groups = ['/ecs/a', '/ecs/b', '/ecs/c'];
    for (let i = 0; i < 300; i++) {
      const group = groups[i % 3] as string;
      // From 30 s before the window to 30 s after it; every 20th at a fractional millisecond.
      const timestamp = T - 30_000 + i * 400 + (i % 20 === 0 ? 0.5 : 0);
      events.push({ logGroup: group, logStream: `s${i % 4}`, timestamp, message: `line ${i}` });
    }
    const slices = planFetchSlices(groups, window, { sliceMs: 7_000, groupsPerSlice: 1, maxSlices: 64 });
    // Boundary lines: the first millisecond of each inner slice, the last of the one before.
    for (const s of slices.slice(1, 4)) {
      events.push({ logGroup: '/ecs/a', timestamp: s.startTime, message: `start of ${s.startTime}` });
      events.push({ logGroup: '/ecs/a', timestamp: s.startTime - 1, message: `end before ${s.startTime}` });
      events.push({
        logGroup: '/ecs/a',
        timestamp: s.startTime - 0.5,
        message: `fraction before ${s.startTime}`,
      });
    }
    const dir = folder(events.map((e) => line({ ...e })).join(''));
    const fetcher = new FolderLogFetcher(dir);

    // Act
    const fetched: LogEvent[] = [];
    for (const slice of slices) {
      for await (const event of fetcher.fetch(slice).events) fetched.push(event);
    }

    // Assess
    expect(slices.length).toBeGreaterThan(groups.length);
    const key = (e: LogEvent) => `${e.logGroup} ${e.timestamp} ${e.message}`;
    expect(fetched.map(key).sort()).toEqual(events.map(key).sort());
  });

  it('honours the range exactly without the open edges', async () => {
    const events: LogEvent[] = [-1, 0, 9, 9.5, 10].map((dt) => ({
      logGroup: '/g',
      timestamp: T + dt,
      message: `at ${dt}`,
    }));
    const dir = folder(events.map((e) => line({ ...e })).join(''));
    const read = async (request: Parameters<FolderLogFetcher['fetch']>[0]) => {
      const out: number[] = [];
      for await (const e of new FolderLogFetcher(dir).fetch(request).events) out.push(e.timestamp - T);
      return out;
    };

    expect(await read({ logGroups: ['/g'], startTime: T, endTime: T + 9 })).toEqual([0, 9, 9.5]);
    expect(await read({ logGroups: ['/g'], startTime: T, endTime: T + 9, openStart: true })).toEqual([
      -1, 0, 9, 9.5,
    ]);
    expect(await read({ logGroups: ['/g'], startTime: T, endTime: T + 9, openEnd: true })).toEqual([
      0, 9, 9.5, 10,
    ]);
    expect(
      await read({ logGroups: ['/other'], startTime: T, endTime: T + 9, openStart: true, openEnd: true }),
    ).toEqual([]);
  });
});
