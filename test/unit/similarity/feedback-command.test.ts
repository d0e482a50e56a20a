import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../bin/cli/args.ts';
import { runFeedback } from '../../../bin/cli/feedback-command.ts';
import { openLocalMemory, rememberIncident } from '../../../shared/composition/local-memory.ts';
import { analyzeFixture, CACHE_LEAK } from './incident-fixtures.ts';

let home: string;
let incidentId: string;

/** Runs the command, capturing what it prints. */
async function feedback(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await runFeedback(argv), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'incidentiq-feedback-'));
  const report = analyzeFixture(CACHE_LEAK);
  incidentId = report.incidentId;
  const memory = await openLocalMemory(home);
  try {
    await rememberIncident(memory.store, report);
  } finally {
    await memory.close();
  }
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('incidentiq feedback', () => {
  it('confirms a root cause with its resolution, persisted under --home', async () => {
    const result = await feedback(
      incidentId,
      '--confirm',
      '--resolution',
      'Bounded the render cache.',
      '--home',
      home,
    );

    expect(result.code).toBe(0);
    expect(result.out).toContain(`${incidentId} confirmed`);
    expect(result.out).toContain('Resolution: Bounded the render cache.');
    const memory = await openLocalMemory(home);
    try {
      expect(await memory.store.get(incidentId)).toMatchObject({
        resolution: 'Bounded the render cache.',
        feedback: { verdict: 'confirmed' },
      });
    } finally {
      await memory.close();
    }
  });

  it('corrects a root cause, with a note', async () => {
    const result = await feedback(
      incidentId,
      '--correct',
      'A render cache without eviction.',
      '--note',
      'ticket 42',
      `--home=${home}`,
    );

    expect(result.code).toBe(0);
    expect(result.out).toContain(`${incidentId} corrected: A render cache without eviction.`);
  });

  it('fails for an incident the table does not hold', async () => {
    const result = await feedback('INC-ffffffff', '--confirm', '--home', home);

    expect(result.code).toBe(1);
    expect(result.err).toContain('no incident INC-ffffffff');
  });

  it('rejects a bad command line before opening anything', async () => {
    await expect(runFeedback([incidentId])).rejects.toThrow(UsageError);
    await expect(runFeedback([incidentId, '--confirm', '--correct', 'x'])).rejects.toThrow(
      /either --confirm/,
    );
    await expect(runFeedback(['not-an-id', '--confirm'])).rejects.toThrow(/not an incident id/);
    await expect(runFeedback(['--confirm'])).rejects.toThrow(/needs an incident id/);
  });

  it('prints its usage with --help', async () => {
    const result = await feedback('--help');

    expect(result.code).toBe(0);
    expect(result.out).toContain('incidentiq feedback <incident-id> --confirm|--correct');
  });
});
