import { TemplateMiner } from '../../shared/analysis/patterns/index.ts';
import { type LineReadStats, readLines } from '../../shared/composition/local-lines.ts';
import { parseArgs, UsageError } from './args.ts';
import { BufferedOut, warn } from './output.ts';

export const PATTERNS_USAGE = `incidentiq patterns <file> [--assignments] [--top N]

Mines log templates from a file holding one log message per line.
  --assignments  print one template id per input line, in input order (for benchmarks)
  --top N        without --assignments: show the N most frequent templates (default: all)`;

export function runPatterns(argv: string[]): number {
  const { positionals, flags } = parseArgs(argv, ['top'], ['assignments', 'help']);
  if (flags.has('help')) {
    process.stdout.write(`${PATTERNS_USAGE}\n`);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('patterns needs a file');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  const top = flags.has('top') ? Number(flags.get('top')) : Number.POSITIVE_INFINITY;
  if (!(top > 0)) throw new UsageError('--top needs a positive number');

  const miner = new TemplateMiner();
  const stats: LineReadStats = { bytes: 0, lines: 0, invalidUtf8Lines: 0 };
  let handles = new Int32Array(1 << 16);
  let count = 0;
  for (const line of readLines(file, stats)) {
    if (count === handles.length) {
      const grown = new Int32Array(handles.length * 2);
      grown.set(handles);
      handles = grown;
    }
    handles[count++] = miner.add(line);
  }
  if (count === 0) warn(`${file} is empty: no lines to mine`);
  if (stats.invalidUtf8Lines > 0) {
    warn(
      `${stats.invalidUtf8Lines} line(s) of ${file} are not valid UTF-8; mined with replacement characters`,
    );
  }

  const out = new BufferedOut();
  if (flags.has('assignments')) {
    for (let i = 0; i < count; i++) out.line(miner.idOf(handles[i] as number));
  } else {
    const templates = miner.templates();
    out.line(`${count} lines, ${templates.length} templates`);
    for (const t of templates.slice(0, top))
      out.line(`${String(t.count).padStart(9)}  ${t.id}  ${t.template}`);
  }
  out.flush();
  return 0;
}
