/**
 * Template-mining benchmark (`npm run bench`): prints figures, asserts nothing.
 *
 *  1. Loghub 2k samples (all systems found under --loghub, default ../shared/data/loghub):
 *     in-process lines/s, templates found, grouping accuracy.
 *  2. One million generated messages (~75 MB): in-process mining lines/s; then the CLI
 *     `incidentiq patterns <file> --assignments` end to end against Node just reading and
 *     splitting the same file, with the CLI's peak RSS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TemplateMiner } from '../shared/analysis/patterns/index.ts';
import { bestOf, timeChild } from './child-timing.ts';
import { generateMessages } from './generate-messages.ts';
import { groupingAccuracy, loadLoghub } from './loghub-data.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const loghubDir = argValue('--loghub') ?? join(ROOT, '..', 'shared', 'data', 'loghub');
const million = Number(argValue('--messages') ?? 1_000_000);

interface MineRun {
  /** Seconds spent adding the lines (masking, hashing, counting). */
  mining: number;
  /** Seconds spent deriving templates and resolving one id per line. */
  assigning: number;
  ids: string[];
  templates: number;
}

function mine(lines: string[]): MineRun {
  const start = process.hrtime.bigint();
  const miner = new TemplateMiner();
  const handles = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i++) handles[i] = miner.add(lines[i] as string);
  const added = process.hrtime.bigint();
  const ids = Array.from(handles, (h) => miner.idOf(h));
  const done = process.hrtime.bigint();
  return {
    mining: Number(added - start) / 1e9,
    assigning: Number(done - added) / 1e9,
    ids,
    templates: miner.templates().length,
  };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function loghub(): void {
  const systems = loadLoghub(loghubDir);
  if (systems.length === 0) {
    console.log(`Loghub: no samples under ${loghubDir} (pass --loghub DIR)`);
    return;
  }
  console.log(`Loghub 2k samples (${loghubDir})`);
  console.log('system        lines/s     templates  truth  GA');
  let gaSum = 0;
  let lines = 0;
  let seconds = 0;
  for (const s of systems) {
    const run = bestOf(
      3,
      () => mine(s.contents),
      (r) => r.mining + r.assigning,
    );
    const ga = groupingAccuracy(s.eventIds, run.ids);
    gaSum += ga;
    lines += s.contents.length;
    seconds += run.mining + run.assigning;
    const truth = new Set(s.eventIds).size;
    console.log(
      `${s.name.padEnd(12)} ${fmt(s.contents.length / (run.mining + run.assigning)).padStart(10)}  ${String(run.templates).padStart(9)}  ${String(truth).padStart(5)}  ${ga.toFixed(3)}`,
    );
  }
  console.log(
    `all          ${fmt(lines / seconds).padStart(10)}  average GA ${(gaSum / systems.length).toFixed(3)} over ${systems.length} systems`,
  );
}

function generated(): void {
  const dir = mkdtempSync(join(tmpdir(), 'incidentiq-bench-'));
  try {
    const file = join(dir, 'messages.txt');
    const text = `${[...generateMessages(million)].join('\n')}\n`;
    writeFileSync(file, text);
    console.log(`\n${fmt(million)} generated messages (${(text.length / 1e6).toFixed(1)} MB)`);

    const lines = text.split('\n');
    lines.pop();
    mine(lines.slice(0, 50_000)); // warm-up
    const run = bestOf(
      3,
      () => mine(lines),
      (r) => r.mining,
    );
    console.log(
      `in-process mining   ${fmt(million / run.mining)} lines/s (${run.mining.toFixed(2)} s; one id per line: +${run.assigning.toFixed(2)} s), ${run.templates} templates`,
    );

    const readSplit = bestOf(
      3,
      () => timeChild(['bench/read-split.js', file]),
      (r) => r.seconds,
    );
    const cli = bestOf(
      3,
      () => timeChild(['bin/incidentiq.js', 'patterns', file, '--assignments']),
      (r) => r.seconds,
    );
    console.log(
      `node read + split   ${readSplit.seconds.toFixed(2)} s, peak RSS ${readSplit.maxRssMiB?.toFixed(0) ?? '?'} MiB (best of 3, process start included)`,
    );
    console.log(
      `incidentiq patterns ${cli.seconds.toFixed(2)} s = ${(cli.seconds / readSplit.seconds).toFixed(1)}x read + split, peak RSS ${cli.maxRssMiB?.toFixed(0) ?? '?'} MiB (best of 3)${cli.status === 0 ? '' : ` (exit ${cli.status})`}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

loghub();
generated();
