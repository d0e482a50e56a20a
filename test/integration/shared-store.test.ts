import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalMemory } from '../../shared/composition/local-memory.ts';
import { runCli, writtenIncidentId } from './cli-process.ts';
import { type SmallIncident, writeSmallIncident } from './small-incident.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const INCIDENTS: SmallIncident[] = [
  {
    alarmName: 'cart-errors',
    service: 'cart-api',
    at: '2026-10-05T08:30:00.000Z',
    error: 'connection refused by cart-db:5432 (pool empty)',
  },
  {
    alarmName: 'search-latency',
    service: 'search-api',
    at: '2026-10-06T11:00:00.000Z',
    error: 'upstream index shard timed out after 3000 ms',
  },
  {
    alarmName: 'mailer-failures',
    service: 'mailer',
    at: '2026-10-07T19:45:00.000Z',
    error: 'SMTP relay rejected the message: quota exceeded',
  },
];

/** `incidentiq console` as a process of its own; resolves with its URL once it printed it. */
function startConsole(home: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/incidentiq.js', 'console', '--home', home, '--port', '0'], {
      cwd: ROOT,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      const url = /IncidentIQ console: (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolve({ child, url });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the console ended early (${code})`)));
  });
}

/** The incident ids of the console's list, top to bottom, as a person would see them. */
async function listedIds(url: string): Promise<string[]> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const body = await res.text();
  return [...body.matchAll(/<th scope="row"><a href="\/incidents\/(INC-[0-9a-f]{8})">/g)].map(
    (m) => m[1] ?? '',
  );
}

describe('one --home, many processes: analyses record while the console runs', () => {
  let root: string;
  let home: string;
  let console_: { child: ChildProcess; url: string } | undefined;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'incidentiq-shared-store-'));
    home = join(root, 'home');
    for (const [i, incident] of INCIDENTS.entries())
      writeSmallIncident(join(root, `incident-${i}`), incident);
    console_ = await startConsole(home);
  }, 120_000);

  afterAll(async () => {
    if (console_ && console_.child.exitCode === null) {
      const exited = new Promise((resolve) => console_?.child.once('exit', resolve));
      console_.child.kill('SIGINT');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('lists three analyses started while it runs, two of them in parallel, each exactly once', async () => {
    const url = console_?.url ?? '';
    expect(await listedIds(url)).toEqual([]);
    const analyze = (i: number) =>
      runCli(['analyze', join(root, `incident-${i}`), '--home', home, '--out', join(root, 'out')]);

    const first = await analyze(0);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toContain('could not be used');
    // The console shows it without a restart.
    expect(await listedIds(url)).toEqual([writtenIncidentId(first)]);

    const [second, third] = await Promise.all([analyze(1), analyze(2)]);
    for (const result of [second, third]) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain('could not be used');
    }
    const ids = [first, second, third].map(writtenIncidentId);
    expect(new Set(ids).size).toBe(3);
    // Newest first: the incidents' alarms are a day apart.
    expect(await listedIds(url)).toEqual([...ids].reverse());

    // Feedback from the command line reaches the running console too.
    const feedback = await runCli(['feedback', ids[0] ?? '', '--confirm', '--home', home]);
    expect(feedback.code, feedback.stderr).toBe(0);
    const row = (await (await fetch(url)).text()).split('<tr>').find((r) => r.includes(ids[0] ?? '-')) ?? '';
    expect(row).toContain('Cause confirmed');
  }, 180_000);

  it('keeps recording once the console, which served the store, has stopped', async () => {
    const child = console_?.child;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGINT');
    await exited;
    const again = await runCli(['analyze', join(root, 'incident-0'), '--home', home, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as { similarIncidents: unknown[]; limitations?: string[] };
    expect(report.limitations?.join(' ') ?? '').not.toContain('could not be used');
  }, 120_000);
});

describe('one --home, many processes, no console', () => {
  it('records every one of three analyses run at once, whichever of them serves the store', async () => {
    const root = mkdtempSync(join(tmpdir(), 'incidentiq-parallel-store-'));
    try {
      const home = join(root, 'home');
      for (const [i, incident] of INCIDENTS.entries())
        writeSmallIncident(join(root, `incident-${i}`), incident);
      const results = await Promise.all(
        INCIDENTS.map((_, i) =>
          runCli(['analyze', join(root, `incident-${i}`), '--home', home, '--out', join(root, 'out')]),
        ),
      );
      for (const result of results) {
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).not.toContain('could not be used');
      }
      const memory = await openLocalMemory(home);
      try {
        const listed = (await memory.store.list({ limit: 10 })).map((r) => r.incidentId).sort();
        expect(listed).toEqual(results.map(writtenIncidentId).sort());
      } finally {
        await memory.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 180_000);
});
