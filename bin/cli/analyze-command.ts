import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LocalAnalysis } from '../../shared/composition/local-analysis.ts';
import { DEFAULT_BEDROCK_MODEL_ID } from '../../shared/deployment/model-ids.ts';
import type { Report } from '../../shared/domain/report.ts';
import { renderHtml, renderMarkdown, renderNotification } from '../../shared/report/index.ts';
import { parseArgs, UsageError } from './args.ts';
import { warn } from './output.ts';

export const ANALYZE_USAGE = `incidentiq analyze <incident-dir> [--json] [--out DIR] [--home DIR]
                   [--source folder|cloudwatch] [--log-groups a,b]

Analyzes an incident folder (alarm.json + logs.jsonl, optionally metrics.jsonl and traces.jsonl)
and writes the report: the deployed Step Functions workflow run locally, each step in process
(the collection of a big window on worker threads).
  --json         print the report JSON on stdout and nothing else there
  --out DIR      where report.json, report.html, report.md and notification.txt go
                 (default reports/, in a folder named after the incident id)
  --home DIR     local state folder: incident table, workflow blobs, outbox (default .incidentiq/)
  --source       folder (default): the folder's logs.jsonl, metrics.jsonl and traces.jsonl;
                 cloudwatch: only alarm.json is read; the logs come from CloudWatch Logs, the
                 metrics from CloudWatch and the traces from X-Ray (standard AWS SDK configuration)
  --log-groups a,b       with --source cloudwatch: the log groups to read (default: from the
                         alarm's metric dimensions)
  --incident-minutes N   the incident window opens N min before the alarm (default 15)
  --baseline-minutes N   the baseline reaches back N min before the alarm (default 60)
  --tail-minutes N       the incident window closes N min after the alarm (default 10)
  --synthesizer  offline (default): the deterministic writer; bedrock: Amazon Bedrock rewrites the
                 prose from the evidence (standard AWS SDK configuration, AWS_ENDPOINT_URL_BEDROCK_RUNTIME),
                 every fact checked; the offline text stays wherever the model fails
  --model-id ID  the Bedrock model or inference profile (default ${DEFAULT_BEDROCK_MODEL_ID})`;

const SUPPORTED = {
  synthesizer: ['offline', 'bedrock'],
  // Accepted for one release and ignored: there is one engine, the workflow.
  engine: ['direct', 'state-machine'],
  source: ['folder', 'cloudwatch'],
} as const;

export async function runAnalyze(argv: string[]): Promise<number> {
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
      'model-id',
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
  const source = (flags.get('source') as LocalAnalysis['source'] | undefined) ?? 'folder';
  const logGroupsFlag = flags.get('log-groups');
  const explicitLogGroups =
    typeof logGroupsFlag === 'string'
      ? logGroupsFlag
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean)
      : undefined;
  if (explicitLogGroups && source !== 'cloudwatch')
    throw new UsageError('--log-groups needs --source cloudwatch');
  const home = typeof flags.get('home') === 'string' ? (flags.get('home') as string) : '.incidentiq';
  const bedrock =
    flags.get('synthesizer') === 'bedrock'
      ? {
          modelId:
            typeof flags.get('model-id') === 'string'
              ? (flags.get('model-id') as string)
              : DEFAULT_BEDROCK_MODEL_ID,
        }
      : undefined;

  const started = performance.now();
  // The workflow, its adapters and the AWS SDK are loaded once the command line is known good.
  const { analyzeLocally, IncidentFolderError, readAlarmFile } = await import(
    '../../shared/composition/local-analysis.ts'
  );
  let result: Awaited<ReturnType<typeof analyzeLocally>>;
  try {
    const alarmEvent = readAlarmFile(dir);
    if (flags.has('engine')) {
      progress('--engine is no longer needed and is ignored: every analysis runs the workflow');
    }
    progress(`analyzing ${dir} (logs from ${source === 'folder' ? 'the folder' : 'CloudWatch Logs'})`);
    result = await analyzeLocally({
      dir,
      alarmEvent,
      source,
      home,
      windows,
      ...(explicitLogGroups ? { explicitLogGroups } : {}),
      ...(bedrock ? { bedrock } : {}),
      progress,
    });
  } catch (e) {
    if (e instanceof IncidentFolderError) {
      warn(e.message);
      return 1;
    }
    throw e;
  }
  if (!result.ok) {
    warn(`cannot analyze ${dir}: ${result.error}`);
    return 1;
  }
  // The report's analysis time is the wait this command showed, so stats and stderr agree.
  const report: Report = {
    ...result.report,
    stats: { ...result.report.stats, durationMs: Math.round(performance.now() - started) },
  };
  const rc = report.rootCause;
  progress(
    report.inconclusive
      ? `inconclusive: no new error explains ${report.alarm.name} (${report.stats.linesScanned} lines)`
      : `root cause: ${rc.service}, ${rc.faultClass}, confidence ${Math.round(rc.confidence * 100)}% (${report.stats.linesScanned} lines, ${report.stats.durationMs} ms)`,
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

function windowOptions(flags: Map<string, string | true>): LocalAnalysis['windows'] {
  const out: LocalAnalysis['windows'] = {};
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
  warn(message);
}
