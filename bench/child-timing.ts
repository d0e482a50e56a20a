/** Timing a command in a child Node process (start-up included) with its peak RSS (bench/rss-wrap.js). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface ChildRun {
  seconds: number;
  maxRssMiB: number | null;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bench/rss-wrap.js <argv…>` from the project root. */
export function timeChild(argv: string[]): ChildRun {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['bench/rss-wrap.js', ...argv], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = /maxRSS-kB (\d+)/.exec(run.stderr ?? '');
  return {
    seconds,
    maxRssMiB: rss ? Number(rss[1]) / 1024 : null,
    status: run.status,
    stdout: run.stdout ?? '',
    stderr: run.stderr ?? '',
  };
}

export function bestOf<T>(runs: number, run: () => T, seconds: (r: T) => number): T {
  let best = run();
  for (let i = 1; i < runs; i++) {
    const next = run();
    if (seconds(next) < seconds(best)) best = next;
  }
  return best;
}
