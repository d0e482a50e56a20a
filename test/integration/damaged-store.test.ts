import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalConsole, startLocalConsole } from '../../bin/cli/console-command.ts';
import { writeSmallIncident } from './small-incident.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const analyze = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/incidentiq.js', 'analyze', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('a damaged local store degrades the analysis, never loses the report', () => {
  let root: string;
  let incident: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'incidentiq-damaged-'));
    incident = writeSmallIncident(join(root, 'incident'), {
      alarmName: 'ledger-errors',
      service: 'ledger',
      at: '2026-09-12T04:10:00.000Z',
      error: 'write to ledger journal failed: checksum mismatch in segment 0042',
    });
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** A --home whose table was written once, then damaged by `damage`. */
  function damagedHome(name: string, damage: (table: string) => void): string {
    const home = join(root, name);
    expect(analyze(incident, '--home', home, '--out', join(root, 'first')).status).toBe(0);
    damage(join(home, 'dynamodb'));
    return home;
  }

  const unreadable = (table: string) => writeFileSync(join(table, 'CURRENT'), 'MANIFEST-999999\n');

  it('writes the report to --out and says the store could not be used', () => {
    const home = damagedHome('home-out', unreadable);
    const out = join(root, 'out');
    const outbox = readdirSync(join(home, 'outbox'));
    const result = analyze(incident, '--home', home, '--out', out);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const [id] = readdirSync(out);
    const report = JSON.parse(readFileSync(join(out, id ?? '', 'report.json'), 'utf8')) as {
      limitations: string[];
    };
    expect(report.limitations.join('\n')).toMatch(/local incident store under .* could not be used/);
    expect(readFileSync(join(out, id ?? '', 'report.md'), 'utf8')).toContain('could not be used');
    // Its blobs and outbox lived in memory: nothing was published under --home.
    expect(readdirSync(join(home, 'outbox'))).toEqual(outbox);
  }, 120_000);

  it('prints the report with --json, saying so', () => {
    const home = damagedHome('home-json', unreadable);
    const result = analyze(incident, '--home', home, '--json');
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { limitations: string[]; rootCause: { service: string } };
    expect(report.rootCause.service).toBe('ledger');
    expect(report.limitations.join('\n')).toContain('could not be used');
  }, 120_000);

  it('says which records its database dropped when its log was damaged', async () => {
    const home = damagedHome('home-log', (table) => {
      const log = readdirSync(table).find((f) => f.endsWith('.log'));
      if (!log) throw new Error('no LevelDB log');
      const bytes = readFileSync(join(table, log));
      for (let i = 10; i < bytes.length; i += 5) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
      writeFileSync(join(table, log), bytes);
    });
    const result = analyze(incident, '--home', home, '--json');
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { limitations: string[] };
    expect(report.limitations.join('\n')).toMatch(/was damaged: on opening, its database dropped/);

    // Another process, later: the console still says the store was repaired.
    const running = await startLocalConsole({ home, port: 0 });
    try {
      const page = await (await fetch(running.url)).text();
      expect(page).toMatch(
        /id="store-notes"><p>On \d{4}-\d{2}-\d{2} [\d:]{8} UTC the store under .* was found damaged/,
      );
    } finally {
      await running.close();
    }
  }, 120_000);

  describe('the console on a damaged store', () => {
    let running: LocalConsole;
    let home: string;

    beforeAll(async () => {
      home = damagedHome('home-console', unreadable);
      running = await startLocalConsole({ home, port: 0 });
    }, 120_000);

    afterAll(async () => {
      await running?.close();
    });

    it('answers that the store is damaged instead of crashing, and recovers once the folder is moved aside', async () => {
      const damaged = await fetch(running.url);
      expect(damaged.status).toBe(503);
      const text = await damaged.text();
      expect(text).toContain('The incident store is damaged');
      expect(text).toContain('move that folder aside');

      rmSync(join(home, 'dynamodb'), { recursive: true, force: true });
      mkdirSync(join(home, 'dynamodb'));
      const recovered = await fetch(running.url);
      expect(recovered.status).toBe(200);
      expect(existsSync(join(home, 'dynamodb', 'CURRENT'))).toBe(true);
    });
  });
});
