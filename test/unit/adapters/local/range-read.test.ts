import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IncidentFolderSource,
  type RangeTally,
  rangeEvents,
  rangeNotes,
} from '../../../../shared/adapters/local/incident-folder.ts';
import { lineRanges, readLines } from '../../../../shared/adapters/local/line-reader.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';

const T = 1_780_000_000_000;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-range-read-'));
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
    else {
      const message = `request ${i} for user anna@example.com took ${i * 7} ms — délai`;
      lines.push(JSON.stringify({ logGroup: group, logStream: `s-${i % 4}`, timestamp: T + i, message }));
    }
  }
  writeFileSync(
    join(dir, 'logs.jsonl'),
    `${lines.join('\r\n')}\r\n${JSON.stringify({ logGroup: '/app/orders', timestamp: T, message: 'last, no newline' })}`,
  );
  return dir;
}

describe('reading logs.jsonl in byte ranges', () => {
  it('cuts the file into contiguous ranges of whole lines', () => {
    const dir = mixedFolder();
    const path = join(dir, 'logs.jsonl');
    const size = statSync(path).size;
    const whole = [...readLines(path)];
    for (const count of [1, 2, 3, 5, 40, 500]) {
      const ranges = lineRanges(path, count);
      expect(ranges.length).toBeLessThanOrEqual(count);
      expect(ranges[0]?.start).toBe(0);
      expect(ranges.at(-1)?.end).toBe(size);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.start).toBe(ranges[i - 1]?.end);
      expect(ranges.flatMap((range) => [...readLines(path, undefined, range)])).toEqual(whole);
    }
  });

  it('gives, range after range, the events and the notes of one read of the folder', () => {
    const dir = mixedFolder();
    const path = join(dir, 'logs.jsonl');
    const keep = (event: LogEvent) => event.logGroup === '/app/billing' || event.timestamp >= T + 30;
    const whole = new IncidentFolderSource(dir).load(keep);
    const expected = [...whole.events];
    expect(whole.notes.length).toBeGreaterThanOrEqual(3); // rejections of two kinds and a coerced message
    for (const count of [1, 2, 4, 7]) {
      const tallies: RangeTally[] = [];
      const events = lineRanges(path, count).flatMap((range) => {
        const tally: RangeTally = { lines: 0, coerced: 0, rejected: [] };
        tallies.push(tally);
        return [...rangeEvents(path, range, keep, tally)];
      });
      expect(events).toEqual(expected);
      expect(rangeNotes(tallies)).toEqual(whole.notes);
    }
  });
});
