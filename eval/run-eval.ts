/**
 * `npm run eval [-- <folder>…] [--checks service,class] [--concurrency N]`: runs `incidentiq analyze`
 * on every incident folder with an `expected.json` (a folder given may be one incident or a set of
 * them; none given: the bundled test incidents) and prints, per set, a table of each case with its
 * failing checks and a summary line. It always exits 0 once it has run: it measures, it does not gate.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHECKS, type CheckName, type ReportView, scoreReport, type Truth } from './score.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'incidentiq.js');

interface CaseResult {
  id: string;
  checks: Record<CheckName, boolean> | null;
  got: string;
  want: string;
  ms: number;
  error?: string;
}

const isIncident = (dir: string) =>
  existsSync(join(dir, 'expected.json')) && existsSync(join(dir, 'alarm.json'));

/** The sets to score: a folder of incidents is a set; a lone incident folder is a set of one. */
function setsOf(folders: string[]): { name: string; cases: string[] }[] {
  return folders.map((folder) => {
    const dir = resolve(folder);
    if (isIncident(dir)) return { name: basename(dir), cases: [dir] };
    const cases = existsSync(dir)
      ? readdirSync(dir)
          .map((d) => join(dir, d))
          .filter((d) => statSync(d).isDirectory() && isIncident(d))
          .sort()
      : [];
    return { name: folder, cases };
  });
}

function analyze(dir: string): Promise<{ report: ReportView | null; ms: number; error?: string }> {
  const home = mkdtempSync(join(tmpdir(), 'iiq-eval-'));
  const started = Date.now();
  return new Promise((done) => {
    execFile(
      process.execPath,
      [cli, 'analyze', dir, '--json', '--home', home],
      { maxBuffer: 512 << 20, timeout: 300_000 },
      (error, stdout) => {
        rmSync(home, { recursive: true, force: true });
        const ms = Date.now() - started;
        try {
          done({ report: JSON.parse(stdout) as ReportView, ms });
        } catch {
          done({
            report: null,
            ms,
            error: error ? String(error.message).split('\n')[0] : 'no report on stdout',
          });
        }
      },
    );
  });
}

function telemetryText(dir: string): string[] {
  return ['metrics.jsonl', 'traces.jsonl']
    .map((f) => join(dir, f))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'));
}

async function scoreCase(dir: string): Promise<CaseResult> {
  const truth = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Truth;
  const logs = existsSync(join(dir, 'logs.jsonl')) ? readFileSync(join(dir, 'logs.jsonl'), 'utf8') : '';
  const messages = logs
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      try {
        return String((JSON.parse(l) as { message?: unknown }).message ?? '');
      } catch {
        return '';
      }
    });
  const want = truth.inconclusive
    ? 'inconclusive'
    : `${(truth.rootCauseService ?? []).join('|')}/${truth.faultClass ?? '-'}`;
  const { report, ms, error } = await analyze(dir);
  if (!report) return { id: basename(dir), checks: null, got: 'no report', want, ms, error: error ?? '' };
  const rc = report.rootCause ?? {};
  return {
    id: basename(dir),
    checks: scoreReport(report, truth, {
      // A name is grounded in a log line or a datapoint: metrics and traces name services too.
      text: [logs, readFileSync(join(dir, 'alarm.json'), 'utf8'), ...telemetryText(dir)].join('\n'),
      messages,
    }),
    got: `${rc.service ?? 'null'}/${rc.faultClass ?? '-'}`,
    want,
    ms,
  };
}

async function runAll<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

function passes(r: CaseResult, only: readonly CheckName[]): boolean {
  return r.checks !== null && only.every((c) => r.checks?.[c]);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { checks: { type: 'string' }, concurrency: { type: 'string', default: '2' } },
  });
  const only = (values.checks ? values.checks.split(',') : [...CHECKS]).filter((c): c is CheckName =>
    (CHECKS as readonly string[]).includes(c),
  );
  const folders = positionals.length > 0 ? positionals : [join(root, 'test', 'fixtures', 'incidents')];
  for (const set of setsOf(folders)) {
    if (set.cases.length === 0) {
      process.stdout.write(`\n${set.name}: no incident folder with expected.json\n`);
      continue;
    }
    const results = await runAll(set.cases, Number(values.concurrency) || 2, scoreCase);
    process.stdout.write(`\n${set.name} (checks: ${only.join(',')})\n`);
    for (const r of results) {
      const failing = r.checks ? only.filter((c) => !r.checks?.[c]) : ['report'];
      const verdict = passes(r, only) ? 'PASS' : 'FAIL';
      const why = failing.length > 0 ? `  failed: ${failing.join(',')}${r.error ? ` (${r.error})` : ''}` : '';
      process.stdout.write(
        `${verdict}  ${r.id.padEnd(44)} ${String(r.ms).padStart(6)} ms  got ${r.got}  want ${r.want}${why}\n`,
      );
    }
    const count = (c: CheckName) => results.filter((r) => r.checks?.[c]).length;
    const all = results.filter((r) => passes(r, only)).length;
    process.stdout.write(
      `${set.name}: ${all}/${results.length} pass (${only.join(',')}); service ${count('service')}/${results.length}, class ${count('class')}/${results.length}\n`,
    );
  }
}

await main();
