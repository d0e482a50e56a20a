import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  publishEndpoint,
  recordedRepairs,
  recordRepairs,
  tryClaim,
} from '../../../../shared/adapters/local/table-claim.ts';

const CLAIM = fileURLToPath(new URL('../../../../shared/adapters/local/table-claim.ts', import.meta.url));

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'incidentiq-table-claim-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Another process that tries once to claim `dir`, holds what it got for a moment, and says what it got. */
function claimInAnotherProcess(dir: string): Promise<string> {
  const code = `
    const { tryClaim } = await import(${JSON.stringify(CLAIM)});
    const outcome = tryClaim(${JSON.stringify(dir)});
    process.stdout.write(outcome.claimed ? 'claimed' : 'refused');
    await new Promise((resolve) => setTimeout(resolve, 6000));
    if (outcome.claimed) outcome.release();`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code]);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

describe('tryClaim', () => {
  it('gives a dead holder’s claim to exactly one of several processes taking it over at once', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'incidentiq.pid'), '999999999');
    const outcomes = await Promise.all([0, 1, 2, 3].map(() => claimInAnotherProcess(dir)));
    expect(outcomes.filter((o) => o === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(3);
  }, 60_000);

  it('tells the live holder and its endpoint once published, and hands the claim on when released', () => {
    const dir = freshDir();
    const mine = tryClaim(dir);
    expect(mine.claimed).toBe(true);
    expect(tryClaim(dir)).toEqual({ claimed: false, holder: process.pid, endpoint: null });
    publishEndpoint(dir, 'http://127.0.0.1:45678');
    expect(tryClaim(dir)).toEqual({
      claimed: false,
      holder: process.pid,
      endpoint: 'http://127.0.0.1:45678',
    });
    if (mine.claimed) mine.release();
    const next = tryClaim(dir);
    expect(next.claimed).toBe(true);
    if (next.claimed) next.release();
  });

  it('keeps the repairs of every opening, and skips a damaged line of its own file', () => {
    const dir = freshDir();
    recordRepairs(dir, new Date('2026-10-01T00:00:00.000Z'), [
      'dropping 120 bytes; Corruption: checksum mismatch',
    ]);
    writeFileSync(
      join(dir, 'incidentiq.repairs.jsonl'),
      `${readFileSync(join(dir, 'incidentiq.repairs.jsonl'), 'utf8')}{not json\n`,
    );
    expect(recordedRepairs(dir)).toEqual([
      { at: '2026-10-01T00:00:00.000Z', lines: ['dropping 120 bytes; Corruption: checksum mismatch'] },
    ]);
  });
});
