/**
 * The Lambda bundles: each function of the step list (and the console) bundled as the stack bundles
 * it (infra/constructs/bundle-lambda.ts: esbuild, ES module, minified, source map, target node22,
 * the AWS SDK bundled in, the Lambda-only aliases and the SDK schema plugin), then the
 * bytes of its code and map, and the time a fresh `node` takes to import it (the part of a cold
 * start the code decides; median of a few, source maps enabled as in the functions' NODE_OPTIONS):
 * wall-clock, and the CPU time of the import, which other work on the machine disturbs less.
 * Prints; asserts nothing. Run: node bin/run-ts.js bench/bundle-bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleLambda } from '../infra/constructs/bundle-lambda.ts';
import { STEPS } from '../shared/workflow/steps/index.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const LOADS = 5;

interface Measured {
  name: string;
  codeBytes: number;
  mapBytes: number;
  loadMs: number;
  loadCpuMs: number;
}

async function bundle(entry: string, outdir: string): Promise<{ code: string; map: string }> {
  const outfile = join(outdir, 'index.mjs');
  await bundleLambda(join(ROOT, entry), outfile);
  return { code: outfile, map: `${outfile}.map` };
}

/** Milliseconds a fresh node takes to import the bundle (its top-level code included), median of LOADS. */
function loadMs(file: string): { wall: number; cpu: number } {
  const script = [
    'const t = performance.now(); const c = process.cpuUsage();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'const u = process.cpuUsage(c);',
    'console.log(performance.now() - t, (u.user + u.system) / 1000);',
  ].join(' ');
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const run = spawnSync(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '--eval', script],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', POWERTOOLS_DEV: 'false' },
      },
    );
    if (run.status !== 0) throw new Error(`loading ${file} failed: ${run.stderr}`);
    const [w, c] = run.stdout.trim().split(' ').map(Number);
    wall.push(w ?? Number.NaN);
    cpu.push(c ?? Number.NaN);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`.padStart(10);
const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(10);

const entries = [
  ...STEPS.map((s) => ({ name: s.name, entry: s.entry })),
  { name: 'console', entry: 'functions/console.ts' },
];
const work = mkdtempSync(join(tmpdir(), 'iq-bundles-'));
try {
  const results: Measured[] = [];
  for (const { name, entry } of entries) {
    const outdir = join(work, name);
    const { code, map } = await bundle(entry, outdir);
    const load = loadMs(code);
    results.push({
      name,
      codeBytes: statSync(code).size,
      mapBytes: statSync(map).size,
      loadMs: load.wall,
      loadCpuMs: load.cpu,
    });
  }
  console.log(
    `Lambda bundles (esbuild as the stack bundles them; import time median of ${LOADS} fresh node runs)`,
  );
  console.log(
    `${'function'.padEnd(18)}${'code'.padStart(10)}${'map'.padStart(10)}${'import'.padStart(10)}${'cpu'.padStart(10)}`,
  );
  for (const r of results) {
    console.log(`${r.name.padEnd(18)}${kib(r.codeBytes)}${kib(r.mapBytes)}${ms(r.loadMs)}${ms(r.loadCpuMs)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
