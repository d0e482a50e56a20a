/**
 * One big window end to end (`npm run bench:scale [-- --events N]`): prints figures, asserts nothing.
 *
 * Generates a window of N events (default one million, ~267 MB of CloudWatch events; see
 * generate-window.ts) once under bench/out/, then times, each in its own process (start-up
 * included, best of --runs):
 *  - Node reading logs.jsonl and JSON.parse-ing every line (bench/read-parse.js);
 *  - `incidentiq analyze <window> --json`, the whole analysis as a user runs it;
 * and prints the ratio of the two, the analysis's peak RSS and whether it found the known cause.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bestOf, timeChild } from './child-timing.ts';
import { EXPECTED, writeWindow } from './generate-window.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const events = Number(argValue('--events') ?? 1_000_000);
const runs = Number(argValue('--runs') ?? 3);
const TARGET_RATIO = 6;
const TARGET_RSS_MIB = 1024;

const dir = join(ROOT, 'bench', 'out', `window-${events}`);
const logs = join(dir, 'logs.jsonl');
if (!existsSync(logs)) {
  const t = performance.now();
  const written = writeWindow(dir, { events });
  console.log(
    `generated ${written.events} events (${(written.bytes / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}
const mb = statSync(logs).size / 1e6;

const baseline = bestOf(
  runs,
  () => timeChild(['bench/read-parse.js', logs]),
  (r) => r.seconds,
);
const home = mkdtempSync(join(tmpdir(), 'incidentiq-scale-'));
try {
  const analysis = bestOf(
    runs,
    () =>
      timeChild([
        'bin/incidentiq.js',
        'analyze',
        dir,
        '--json',
        '--home',
        home,
        '--out',
        join(home, 'reports'),
      ]),
    (r) => r.seconds,
  );
  if (analysis.status !== 0) {
    throw new Error(`incidentiq analyze failed (exit ${analysis.status}):\n${analysis.stderr}`);
  }
  const report = JSON.parse(analysis.stdout) as {
    rootCause: { service: string | null; faultClass: string; confidence: number };
    stats: { linesScanned: number };
    limitations?: string[];
  };
  const found = `${report.rootCause.service ?? 'inconclusive'} / ${report.rootCause.faultClass}`;
  const right =
    report.rootCause.service === EXPECTED.rootCauseService &&
    report.rootCause.faultClass === EXPECTED.faultClass;
  const ratio = analysis.seconds / baseline.seconds;
  const rss = analysis.maxRssMiB ?? Number.NaN;
  const mode = /collected on (\d+) worker threads/.exec(analysis.stderr)?.[1];
  console.log(`window              ${report.stats.linesScanned} events, ${mb.toFixed(0)} MB (${logs})`);
  console.log(
    `read + JSON.parse   ${baseline.seconds.toFixed(2)} s, peak RSS ${baseline.maxRssMiB?.toFixed(0) ?? '?'} MiB (best of ${runs}, process start included)`,
  );
  console.log(
    `incidentiq analyze  ${analysis.seconds.toFixed(2)} s${mode ? ` (${mode} worker threads)` : ''}, peak RSS ${rss.toFixed(0)} MiB (best of ${runs})`,
  );
  console.log(
    `time ratio          ${ratio.toFixed(2)}x read + JSON.parse (target ≤ ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'})`,
  );
  console.log(
    `peak memory         ${rss.toFixed(0)} MiB (target < ${TARGET_RSS_MIB} MiB: ${rss < TARGET_RSS_MIB ? 'met' : 'NOT met'})`,
  );
  console.log(
    `root cause          ${found}, confidence ${report.rootCause.confidence} (expected ${EXPECTED.rootCauseService} / ${EXPECTED.faultClass}: ${right ? 'right' : 'WRONG'})`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
