import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IncidentFolderError, IncidentFolderSource } from '../../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../../shared/analysis/analyze.ts';
import type { WindowOptions } from '../../shared/analysis/window.ts';
import { renderHtml, renderMarkdown, renderNotification } from '../../shared/report/index.ts';
import { parseArgs, UsageError } from './args.ts';
import { warn } from './output.ts';

export const ANALYZE_USAGE = `incidentiq analyze <incident-dir> [--json] [--out DIR] [--home DIR]
                   [--synthesizer offline] [--engine direct] [--source folder]

Analyzes an incident folder (alarm.json + logs.jsonl) and writes the report.
  --json         print the report JSON on stdout and nothing else there
  --out DIR      where report.json, report.html, report.md and notification.txt go
                 (default reports/, in a folder named after the incident id)
  --home DIR     local state folder (default .incidentiq/)
  --incident-minutes N   the incident window opens N min before the alarm (default 15)
  --baseline-minutes N   the baseline reaches back N min before the alarm (default 60)
  --tail-minutes N       the incident window closes N min after the alarm (default 10)
  --synthesizer  offline (the default; bedrock comes with the Bedrock issue)
  --engine       direct (the default; state-machine comes with the AWS issue)
  --source       folder (the default; cloudwatch comes with the AWS issue)`;

const SUPPORTED = { synthesizer: ['offline'], engine: ['direct'], source: ['folder'] } as const;

export function runAnalyze(argv: string[]): number {
  const { positionals, flags } = parseArgs(
    argv,
    [
      'out',
      'home',
      'synthesizer',
      'engine',
      'source',
      'log-groups',
      'incident-minutes',
      'baseline-minutes',
      'tail-minutes',
    ],
    ['json', 'help'],
  );
  if (flags.has('help')) {
    process.stdout.write(`${ANALYZE_USAGE}\n`);
    return 0;
  }
  const [dir, ...extra] = positionals;
  if (!dir) throw new UsageError('analyze needs an incident folder');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  for (const [name, allowed] of Object.entries(SUPPORTED)) {
    const value = flags.get(name);
    if (typeof value === 'string' && !(allowed as readonly string[]).includes(value)) {
      throw new UsageError(
        `--${name} ${value} is not available in this version (supported: ${allowed.join(', ')})`,
      );
    }
  }

  const windows = windowOptions(flags);
  const started = performance.now();
  let input: ReturnType<IncidentFolderSource['load']>;
  try {
    input = new IncidentFolderSource(dir).load();
  } catch (e) {
    if (e instanceof IncidentFolderError) {
      warn(e.message);
      return 1;
    }
    throw e;
  }
  progress(`analyzing ${dir}`);
  const result = analyzeIncident({
    windows,
    alarmEvent: input.alarmEvent,
    events: input.events,
    sourceNotes: input.notes,
    clock: () => performance.now(),
  });
  if (!result.ok) {
    warn(`cannot analyze ${dir}: ${result.error}`);
    return 1;
  }
  const { report } = result;
  const rc = report.rootCause;
  progress(
    report.inconclusive
      ? `inconclusive: no new error explains ${report.alarm.name} (${report.stats.linesScanned} lines)`
      : `root cause: ${rc.service}, ${rc.faultClass}, confidence ${Math.round(rc.confidence * 100)}% (${report.stats.linesScanned} lines, ${Math.round(performance.now() - started)} ms)`,
  );
  for (const note of (report.limitations as string[] | undefined) ?? []) progress(`note: ${note}`);

  if (flags.has('json')) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const out = resolve(
    typeof flags.get('out') === 'string' ? (flags.get('out') as string) : 'reports',
    report.incidentId,
  );
  mkdirSync(out, { recursive: true });
  const notification = renderNotification(report);
  writeFileSync(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, 'report.html'), renderHtml(report));
  writeFileSync(join(out, 'report.md'), renderMarkdown(report));
  writeFileSync(join(out, 'notification.txt'), `Subject: ${notification.subject}\n\n${notification.text}\n`);
  process.stdout.write(`Report written to ${out}/ (report.html, report.md, report.json, notification.txt)\n`);
  return 0;
}

function windowOptions(flags: Map<string, string | true>): Partial<WindowOptions> {
  const out: Partial<WindowOptions> = {};
  const names = [
    ['incident-minutes', 'incidentMinutes'],
    ['baseline-minutes', 'lookbackMinutes'],
    ['tail-minutes', 'tailMinutes'],
  ] as const;
  for (const [flag, key] of names) {
    const raw = flags.get(flag);
    if (typeof raw !== 'string') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0)
      throw new UsageError(`--${flag} needs a number of minutes, got ${raw}`);
    out[key] = value;
  }
  if ((out.lookbackMinutes ?? 60) <= (out.incidentMinutes ?? 15)) {
    throw new UsageError('--baseline-minutes must reach further back than --incident-minutes');
  }
  return out;
}

function progress(message: string): void {
  process.stderr.write(`incidentiq: ${message}\n`);
}
