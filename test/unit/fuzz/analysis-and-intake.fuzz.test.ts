import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeIncident } from '../../../shared/analysis/analyze.ts';
import { DuplicateFilter } from '../../../shared/analysis/collect/index.ts';
import { parseReport } from '../../../shared/domain/report.ts';
import { intake } from '../../../shared/workflow/steps/intake.ts';
import { hostile } from './random-input.ts';

const ALARM = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../fixtures/alarms/booking-edge-5xx.json', import.meta.url)),
    'utf8',
  ),
) as Record<string, unknown>;

const blobs = { put: async () => {}, get: async () => '', locate: (k: string) => k };

describe('fuzz: the analysis', () => {
  it('returns a valid report for hostile events and counts every one of them', () => {
    const g = hostile(404);
    const alarmAt = Date.parse('2026-04-08T14:43:00Z');
    const events = Array.from({ length: 250 }, (_, i) => {
      const e = g.event();
      // Half of them inside the windows, in random order, the rest wherever the fuzzer put them.
      return i % 2 === 0 ? { ...e, timestamp: alarmAt - g.int(3_600_000) } : e;
    });
    const result = analyzeIncident({ alarmEvent: ALARM, events });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(parseReport(result.report).ok).toBe(true);
    // Every event is scanned, or left out as an exact duplicate of one that was (and said so).
    const filter = new DuplicateFilter();
    const duplicates = events.filter((e) => filter.seen(e)).length;
    expect(result.report.stats.linesScanned + duplicates).toBe(events.length);
    if (duplicates > 0) expect(JSON.stringify(result.report.limitations)).toContain('exact duplicate');
    expect(result.report.quality.checks.filter((c) => !c.passed)).toEqual([]);
  });
});

describe('fuzz: alarm intake', () => {
  const paths = [
    ['detail'],
    ['detail', 'state'],
    ['detail', 'alarmName'],
    ['time'],
    ['resources'],
    ['detail-type'],
    ['detail', 'state', 'timestamp'],
  ];

  it('never throws on alarm events with missing or mangled fields, and says why it starts nothing', async () => {
    const g = hostile(505);
    for (let i = 0; i < 80; i++) {
      const event = structuredClone(ALARM) as Record<string, unknown>;
      const path = g.pick(paths);
      let target = event;
      for (const key of path.slice(0, -1)) target = (target[key] ?? {}) as Record<string, unknown>;
      const last = path[path.length - 1] as string;
      if (g.r() < 0.5) delete target[last];
      else target[last] = g.pick([null, 42, '', [], { x: 1 }, 'not-a-time']);
      const result = await intake(event, blobs);
      if (!result.started) expect(result.reason.length).toBeGreaterThan(5);
    }
    for (const junk of [null, undefined, 42, 'text', [], {}]) {
      expect(await intake(junk, blobs)).toMatchObject({ started: false });
    }
  });
});
