import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentFolderSource } from '../../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../../shared/analysis/analyze.ts';
import { MAX_WORKERS, PARALLEL_MIN_EVENTS } from '../../shared/composition/local-collect-map.ts';
import type { Report } from '../../shared/domain/report.ts';
import { EXAMPLE_ALARM, manyStreams } from './many-streams.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let root: string;
let dir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-cli-parallel-'));
  dir = join(root, 'big-incident');
  mkdirSync(dir);
  copyFileSync(EXAMPLE_ALARM, join(dir, 'alarm.json'));
  // Just above the window from which the CLI collects on worker threads.
  const once = manyStreams(8).split('\n').length - 1;
  const copies = Math.ceil((PARALLEL_MIN_EVENTS + 1) / once) * 8;
  writeFileSync(join(dir, 'logs.jsonl'), manyStreams(copies));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(availableParallelism() < 2)('incidentiq analyze on a big folder (the bundled CLI)', () => {
  it('collects the logs on worker threads started from the bundle, into the report of one thread', () => {
    const result = spawnSync(
      process.execPath,
      ['bin/incidentiq.js', 'analyze', dir, '--json', '--home', join(root, 'home')],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(result.status, result.stderr).toBe(0);
    const threads = Math.min(availableParallelism(), MAX_WORKERS);
    expect(result.stderr).toContain(`incidentiq: logs collected on ${threads} worker threads`);
    const report = JSON.parse(result.stdout) as Report;

    const input = new IncidentFolderSource(dir).load();
    const single = analyzeIncident({
      alarmEvent: input.alarmEvent,
      events: input.events,
      sourceNotes: input.notes,
    });
    if (!single.ok) throw new Error(single.error);
    expect(report.limitations).toEqual(single.report.limitations); // no fallback note
    expect(report.rootCause).toEqual(single.report.rootCause);
    expect(report.timeline).toEqual(single.report.timeline);
    expect(report.evidence).toEqual(single.report.evidence);
    expect({ ...report.stats, durationMs: 0 }).toEqual({ ...single.report.stats, durationMs: 0 });
    expect(report.rootCause.service).toBe('itinerary-service');
  }, 120_000);
});
