/**
 * Sharded-path benchmark (issue 8): a generated window of N events (default 10,000,000, about
 * 2.7 GB) and a sample of it (every 10th event) each run through the local state machine, the
 * same path as `incidentiq analyze <dir>` (its Maps in process): intake, then the deployed
 * definition under aws-local-stepfunctions, with the local adapters (folder log fetcher, file blob
 * store, dynalite). Each run is a child process of its own, so its peak RSS is its own. Prints
 * events, shards, parts, wall time per phase, peak RSS, events/s and both root causes; asserts
 * nothing.
 *
 *   node bin/run-ts.js bench/sharded-bench.ts [--events N] [--keep]
 *
 * The windows are written under bench/out/ and reused while their manifest matches; each run gets
 * a fresh home (incident table, blobs) whose copy of the events is removed after the run unless
 * `--keep`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPECTED, writeWindow } from './generate-window.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const OUT = join(ROOT, 'bench', 'out');
/** The sample keeps one event in SAMPLE_EVERY. */
const SAMPLE_EVERY = 10;
const RESULT_PREFIX = 'SHARDED-BENCH-RESULT ';

interface Manifest {
  requested: number;
  events: number;
  bytes: number;
  source: string;
}

interface RunResult {
  ok: boolean;
  error?: string;
  events: number;
  linesScanned: number;
  shards: number;
  parts: number;
  partBytes: number;
  partialBytes: number;
  wallMs: number;
  phases: { name: string; ms: number; maxRssMb: number }[];
  startRssMb: number;
  maxRssMb: number;
  rootCause: { service: string | null; faultClass: string; confidence: number } | null;
  inconclusive: boolean;
}

/** What the benchmark reads of the published report. */
interface ReportSummary {
  inconclusive: boolean;
  rootCause: { service: string | null; faultClass: string; confidence: number };
  stats: { linesScanned: number };
}

// ---------------------------------------------------------------------------------------------
// Child: one run of the local state machine over one incident folder.

async function child(dir: string, home: string): Promise<void> {
  const startRss = process.resourceUsage().maxRSS;
  const { createLocalWorkflow, folderFetcher } = await import('../shared/composition/local.ts');
  const { intake } = await import('../shared/workflow/steps/intake.ts');
  const { runWorkflowLocally } = await import('../shared/workflow/local-runner.ts');
  const alarmEvent = JSON.parse(readFileSync(join(dir, 'alarm.json'), 'utf8')) as unknown;
  const workflow = await createLocalWorkflow({ home, fetcher: folderFetcher(dir), windows: {} });
  // Phase boundaries, seen from the blob store: plan-fetch (with intake) ends when the Map's runs
  // read the first part, the Map when analyze reads the first partial, analyze when it writes
  // offline-report.json; find-similar, write-narrative and publish follow.
  const started = performance.now();
  const marks: { name: string; at: number; maxRss: number }[] = [];
  const mark = (name: string) => {
    if (!marks.some((m) => m.name === name))
      marks.push({ name, at: performance.now(), maxRss: process.resourceUsage().maxRSS });
  };
  const blobs = workflow.deps.blobs;
  workflow.deps.blobs = {
    locate: (key) => blobs.locate(key),
    put: async (key, body, contentType) => {
      await blobs.put(key, body, contentType);
      if (key.endsWith('/offline-report.json')) mark('analyze');
    },
    get: async (key) => {
      if (/\/events\/[^/]*part-\d+\.jsonl$/.test(key)) mark('plan-fetch + fetch-slices');
      if (key.includes('/shards/')) mark('collect-shards');
      return blobs.get(key);
    },
  };
  let result: RunResult;
  try {
    const admitted = await intake(alarmEvent, workflow.deps.blobs);
    if (!admitted.started) throw new Error(admitted.reason);
    const outcome = await runWorkflowLocally(admitted.state, workflow.deps);
    const wallMs = performance.now() - started;
    marks.push({
      name: 'find-similar..publish',
      at: performance.now(),
      maxRss: process.resourceUsage().maxRSS,
    });
    const incidentDir = join(home, 'blobs', 'incidents', admitted.state.incidentId);
    const files = (sub: string) => {
      const d = join(incidentDir, sub);
      return existsSync(d) ? readdirSync(d).map((f) => statSync(join(d, f)).size) : [];
    };
    const parts = files('events');
    const partials = files('shards');
    let report: ReportSummary | null = null;
    if (outcome.ok && outcome.state.reportKey)
      report = JSON.parse(await blobs.get(outcome.state.reportKey)) as ReportSummary;
    let error = outcome.ok ? (report ? undefined : 'no report') : outcome.error;
    if (!outcome.ok) {
      // record-failure kept the failing step's error in the degraded report's limitations.
      error = `${outcome.error}${failureDetail(incidentDir)}`;
    }
    let previous = started;
    result = {
      ok: outcome.ok && report !== null,
      ...(error ? { error } : {}),
      events: workflowEvents(incidentDir),
      linesScanned: report?.stats.linesScanned ?? 0,
      shards: partials.length,
      parts: parts.length,
      partBytes: parts.reduce((a, b) => a + b, 0),
      partialBytes: partials.reduce((a, b) => a + b, 0),
      wallMs,
      phases: marks.map((m) => {
        const ms = m.at - previous;
        previous = m.at;
        return { name: m.name, ms, maxRssMb: m.maxRss / 1024 };
      }),
      startRssMb: startRss / 1024,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      rootCause: report
        ? {
            service: report.rootCause.service,
            faultClass: report.rootCause.faultClass,
            confidence: report.rootCause.confidence,
          }
        : null,
      inconclusive: report?.inconclusive ?? false,
    };
  } finally {
    await workflow.close();
  }
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** Lines of the stored parts, counted by bytes (the parts are JSON lines, one event each). */
function workflowEvents(incidentDir: string): number {
  const dir = join(incidentDir, 'events');
  if (!existsSync(dir)) return 0;
  let lines = 0;
  for (const name of readdirSync(dir)) lines += countLines(join(dir, name));
  return lines;
}

/** The error record-failure wrote, if it left a report saying what failed. */
function failureDetail(incidentDir: string): string {
  const text: string[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'report.json') text.push(readFileSync(path, 'utf8'));
    }
  };
  walk(incidentDir);
  walk(join(incidentDir, '..', '..', 'reports'));
  for (const t of text) {
    const report = JSON.parse(t) as { limitations?: string[] };
    const notes = (report.limitations ?? []).filter((n) => /fail|error/i.test(n));
    if (notes.length > 0) return ` (${notes.join(' | ')})`;
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// Parent: the windows, the runs, the figures.

function countLines(path: string): number {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  let lines = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      for (let i = buffer.indexOf(10, 0); i !== -1 && i < read; i = buffer.indexOf(10, i + 1)) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

function readManifest(dir: string): Manifest | null {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path) || !existsSync(join(dir, 'logs.jsonl'))) return null;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return statSync(join(dir, 'logs.jsonl')).size === manifest.bytes ? manifest : null;
  } catch {
    return null;
  }
}

function writeManifest(dir: string, manifest: Manifest): void {
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The generated window of `events` events, written unless a complete one is already there. */
function ensureWindow(dir: string, events: number): Manifest {
  // A window is reused only if the generator is the one that wrote it.
  const generator = readFileSync(join(ROOT, 'bench', 'generate-window.ts'));
  const source = `generate-window.ts sha256 ${createHash('sha256').update(generator).digest('hex').slice(0, 16)}`;
  const existing = readManifest(dir);
  if (existing && existing.requested === events && existing.source === source) {
    log(`window: reusing ${dir} (${fmt(existing.events)} events, ${mb(existing.bytes)} MB)`);
    return existing;
  }
  rmSync(dir, { recursive: true, force: true });
  const t = performance.now();
  const written = writeWindow(dir, { events });
  const manifest: Manifest = { requested: events, ...written, source };
  writeManifest(dir, manifest);
  log(
    `window: wrote ${fmt(written.events)} events, ${mb(written.bytes)} MB in ${secs(performance.now() - t)} s`,
  );
  return manifest;
}

/** Every SAMPLE_EVERY-th line of the window (the first, the 11th, ...), copied byte for byte. */
function ensureSample(from: string, dir: string, window: Manifest): Manifest {
  const source = `every ${SAMPLE_EVERY}th line of ${from} (${window.bytes} bytes, ${window.source})`;
  const existing = readManifest(dir);
  if (existing && existing.source === source) {
    log(`sample: reusing ${dir} (${fmt(existing.events)} events, ${mb(existing.bytes)} MB)`);
    return existing;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(from, 'alarm.json'), join(dir, 'alarm.json'));
  const t = performance.now();
  const input = openSync(join(from, 'logs.jsonl'), 'r');
  const output = openSync(join(dir, 'logs.jsonl'), 'w');
  let buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  const out = Buffer.allocUnsafe(buffer.length);
  let filled = 0;
  let line = 0;
  let events = 0;
  let bytes = 0;
  try {
    for (;;) {
      if (filled === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const read = readSync(input, buffer, filled, buffer.length - filled, null);
      const end = filled + read;
      let start = 0;
      let used = 0;
      const keep = (s: number, e: number) => {
        if (used + (e - s) > out.length) {
          bytes += writeSync(output, out, 0, used);
          used = 0;
        }
        if (e - s > out.length) bytes += writeSync(output, buffer, s, e - s);
        else used += buffer.copy(out, used, s, e);
      };
      for (let nl = buffer.indexOf(10, 0); nl !== -1 && nl < end; nl = buffer.indexOf(10, start)) {
        if (line++ % SAMPLE_EVERY === 0) {
          keep(start, nl + 1);
          events++;
        }
        start = nl + 1;
      }
      if (read === 0 && start < end && line++ % SAMPLE_EVERY === 0) {
        keep(start, end);
        events++;
        start = end;
      }
      if (used > 0) bytes += writeSync(output, out, 0, used);
      if (read === 0) break;
      buffer.copy(buffer, 0, start, end);
      filled = end - start;
    }
  } finally {
    closeSync(input);
    closeSync(output);
  }
  const manifest: Manifest = { requested: Math.ceil(window.events / SAMPLE_EVERY), events, bytes, source };
  writeManifest(dir, manifest);
  log(`sample: wrote ${fmt(events)} events, ${mb(bytes)} MB in ${secs(performance.now() - t)} s`);
  return manifest;
}

/** Runs one folder through the local state machine in a child process and reads its figures. */
async function runChild(label: string, dir: string, home: string, keep: boolean): Promise<RunResult> {
  rmSync(home, { recursive: true, force: true });
  log(`${label}: running the local state machine on ${dir} ...`);
  const started = performance.now();
  const proc = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'run-ts.js'), fileURLToPath(import.meta.url), '--child', dir, home],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  proc.stdout.setEncoding('utf8');
  proc.stdout.on('data', (chunk: string) => {
    stdout += chunk;
  });
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  const childMs = performance.now() - started;
  if (!keep) rmSync(join(home, 'blobs', 'incidents'), { recursive: true, force: true });
  if (!line) {
    throw new Error(`${label}: the run exited with code ${code} after ${secs(childMs)} s and no result`);
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as RunResult;
}

function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.replace(/_/g, ''));
  if (!m) throw new Error(`--events wants a count like 10000000, 10M or 250k, got ${text}`);
  const unit = m[2]?.toLowerCase() === 'm' ? 1e6 : m[2]?.toLowerCase() === 'k' ? 1e3 : 1;
  return Math.round(Number(m[1]) * unit);
}

const fmt = (n: number) => n.toLocaleString('en-US');
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const secs = (ms: number) => (ms / 1000).toFixed(1);
const log = (text: string) => process.stderr.write(`${text}\n`);
const short = (n: number) =>
  n >= 1e6 && n % 1e5 === 0
    ? `${n / 1e6}M`
    : n >= 1e3 && n % 100 === 0
      ? `${n / 1e3}k`
      : String(Math.round(n));

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') {
    const [, dir, home] = argv;
    if (!dir || !home) throw new Error('--child needs a folder and a home');
    await child(dir, home);
    return;
  }
  let events = 10_000_000;
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--events') events = parseCount(argv[++i] ?? '');
    else if (argv[i] === '--keep') keep = true;
    else throw new Error(`unknown argument ${argv[i]} (use --events N, --keep)`);
  }
  const name = `sharded-${short(events)}`;
  const windowDir = join(OUT, name);
  const sampleDir = join(OUT, `${name}-sample`);
  const window = ensureWindow(windowDir, events);
  const sample = ensureSample(windowDir, sampleDir, window);
  const runs: { label: string; result: RunResult }[] = [];
  for (const [label, dir] of [
    [`${short(events)} window`, windowDir],
    [`${short(events / SAMPLE_EVERY)} sample (1 in ${SAMPLE_EVERY})`, sampleDir],
  ] as const) {
    const result = await runChild(label, dir, join(OUT, `${name}-home-${runs.length}`), keep);
    runs.push({ label, result });
    log(`${label}: ${result.ok ? 'done' : `FAILED: ${result.error}`} in ${secs(result.wallMs)} s`);
  }

  console.log(`Sharded path, local state machine (aws-local-stepfunctions), one child process per run`);
  console.log(
    `${'run'.padEnd(24)} ${'events'.padStart(11)} ${'shards'.padStart(6)} ${'parts'.padStart(5)} ${'wall s'.padStart(7)} ${'peak RSS MB'.padStart(11)} ${'events/s'.padStart(9)}  root cause`,
  );
  for (const { label, result: r } of runs) {
    const verdict = r.ok
      ? r.inconclusive
        ? 'inconclusive'
        : `${r.rootCause?.service} / ${r.rootCause?.faultClass} (${Math.round((r.rootCause?.confidence ?? 0) * 100)}%)`
      : `FAILED: ${r.error}`;
    console.log(
      `${label.padEnd(24)} ${fmt(r.events).padStart(11)} ${String(r.shards).padStart(6)} ${String(r.parts).padStart(5)} ${secs(r.wallMs).padStart(7)} ${r.maxRssMb.toFixed(0).padStart(11)} ${fmt(Math.round(r.events / (r.wallMs / 1000))).padStart(9)}  ${verdict}`,
    );
  }
  for (const { label, result: r } of runs) {
    console.log(
      `  ${label}: ${r.phases.map((p) => `${p.name} ${secs(p.ms)} s (peak so far ${p.maxRssMb.toFixed(0)} MB)`).join(', ')}; ` +
        `lines scanned ${fmt(r.linesScanned)}, stored parts ${mb(r.partBytes)} MB, shard partials ${mb(r.partialBytes)} MB, RSS at start ${r.startRssMb.toFixed(0)} MB`,
    );
  }
  console.log(
    `Disk: window ${mb(window.bytes)} MB, sample ${mb(sample.bytes)} MB under bench/out/; each run stores its events again as parts in its home (removed after the run${keep ? ', kept: --keep' : ' unless --keep'})`,
  );
  const [big, small] = runs.map((r) => r.result);
  const same =
    big?.ok === true &&
    small?.ok === true &&
    big.rootCause?.service === small.rootCause?.service &&
    big.rootCause?.faultClass === small.rootCause?.faultClass;
  const expected =
    big?.rootCause?.service === EXPECTED.rootCauseService &&
    big?.rootCause?.faultClass === EXPECTED.faultClass;
  console.log(
    `Root causes agree: ${same ? 'yes' : 'NO'}; expected ${EXPECTED.rootCauseService} / ${EXPECTED.faultClass}: ${expected ? 'yes' : 'NO'}; sharded path used: ${runs.every((r) => r.result.shards > 1) ? 'yes' : 'NO'}`,
  );
}

await main(process.argv.slice(2));
