import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IncidentFolderSource,
  ownedEvents,
  ownedNotes,
  type ReadTally,
} from '../../../../shared/adapters/local/incident-folder.ts';
import { bucketOwner } from '../../../../shared/composition/local-folder-collect.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { shardOfStream } from '../../../../shared/workflow/state.ts';

const T = 1_780_000_000_000;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-owned-read-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A folder whose logs.jsonl mixes good lines with every kind of bad one, CRLF and non-ASCII text. */
function mixedFolder(): string {
  const dir = join(root, 'mixed');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'alarm.json'), '{"detail-type":"CloudWatch Alarm State Change"}');
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    const group = i % 3 === 0 ? '/app/orders' : '/app/billing';
    if (i % 11 === 5) lines.push('{broken json');
    else if (i % 13 === 7) lines.push(JSON.stringify({ timestamp: T + i, message: 'no group here' }));
    else if (i % 17 === 3)
      lines.push(JSON.stringify({ logGroup: group, timestamp: T + i, message: { code: i } }));
    else if (i % 19 === 9) lines.push('');
    else if (i % 23 === 14)
      lines.push(JSON.stringify({ logGroup: group, logStream: 's-1', timestamp: 'soon', message: 'x' }));
    else {
      const message = `request ${i} for user anna@example.com took ${i * 7} ms — délai`;
      // Some streams are named by an address: they are filed under the masked name.
      const stream = i % 5 === 0 ? `worker on 10.0.${i % 2}.7` : `s-${i % 4}`;
      lines.push(JSON.stringify({ logGroup: group, logStream: stream, timestamp: T + i, message }));
    }
  }
  writeFileSync(
    join(dir, 'logs.jsonl'),
    `${lines.join('\r\n')}\r\n${JSON.stringify({ logGroup: '/app/orders', timestamp: T, message: 'last, no newline' })}`,
  );
  return dir;
}

const BUCKETS = 8;

describe('reading logs.jsonl by several owners of stream buckets', () => {
  it('gives each reader the events of its buckets, in file order, and all of them the notes of one read', () => {
    const dir = mixedFolder();
    const path = join(dir, 'logs.jsonl');
    const keep = (event: LogEvent) => event.logGroup === '/app/billing' || event.timestamp >= T + 30;
    const whole = new IncidentFolderSource(dir).load(keep);
    const expected = [...whole.events];
    expect(whole.notes.length).toBeGreaterThanOrEqual(4); // rejections of three kinds and a coerced message
    expect(expected.some((e) => e.logStream === 'worker on [REDACTED:ip-address]')).toBe(true);
    for (const readers of [1, 2, 3, 8]) {
      const tallies: ReadTally[] = [];
      let total = 0;
      for (let reader = 0; reader < readers; reader++) {
        const mine = new Set([...Array(BUCKETS).keys()].filter((b) => b % readers === reader));
        const tally: ReadTally = { lines: 0, coerced: 0, rejected: [] };
        tallies.push(tally);
        const events = [...ownedEvents(path, keep, bucketOwner(BUCKETS, mine), tally)];
        expect(events).toEqual(
          expected.filter((e) => mine.has(shardOfStream(e.logGroup, e.logStream, BUCKETS))),
        );
        total += events.length;
      }
      expect(total).toBe(expected.length);
      expect(ownedNotes(tallies)).toEqual(whole.notes);
    }
  });
});
