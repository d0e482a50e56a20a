import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FolderTelemetrySource } from '../../shared/adapters/local/folder-telemetry.ts';
import { IncidentFolderError } from '../../shared/adapters/local/incident-folder.ts';
import {
  loadIncidentFolder,
  type ParallelPolicy,
} from '../../shared/adapters/local/parallel-folder-source.ts';
import { type AnalyzeResult, analyzeIncident } from '../../shared/analysis/analyze.ts';
import { sealReport } from '../../shared/analysis/redact/index.ts';
import { alarmWindows, type WindowOptions } from '../../shared/analysis/window.ts';
import { parseAlarmEvent } from '../../shared/domain/alarm.ts';
import type { Report } from '../../shared/domain/report.ts';
import type { Telemetry } from '../../shared/domain/telemetry.ts';
import type { TelemetrySource } from '../../shared/ports/telemetry-source.ts';
import { renderHtml, renderMarkdown, renderNotification } from '../../shared/report/index.ts';
import { telemetryRequest } from '../../shared/workflow/telemetry-request.ts';
import { parseArgs, UsageError } from './args.ts';
import { warn } from './output.ts';

export const ANALYZE_USAGE = `incidentiq analyze <incident-dir> [--json] [--out DIR] [--home DIR]
                   [--engine direct|state-machine] [--source folder|cloudwatch] [--log-groups a,b]

Analyzes an incident folder (alarm.json + logs.jsonl, optionally metrics.jsonl and traces.jsonl)
and writes the report.
  --json         print the report JSON on stdout and nothing else there
  --out DIR      where report.json, report.html, report.md and notification.txt go
                 (default reports/, in a folder named after the incident id)
  --home DIR     local state folder: incident table, workflow blobs, outbox (default .incidentiq/)
  --engine       direct (default): the analysis in process; state-machine: the deployed
                 Step Functions definition run locally, each step in process
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
  --model-id ID  the Bedrock model or inference profile (default amazon.nova-pro-v1:0)`;

const SUPPORTED = {
  synthesizer: ['offline', 'bedrock'],
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
  const engine = (flags.get('engine') as string | undefined) ?? 'direct';
  const source = (flags.get('source') as string | undefined) ?? 'folder';
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
              : 'amazon.nova-pro-v1:0',
        }
      : undefined;

  const started = performance.now();
  try {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new IncidentFolderError(`${dir} is not an incident folder (no such directory)`);
    }
    readAlarmEvent(dir);
  } catch (e) {
    if (e instanceof IncidentFolderError) {
      warn(e.message);
      return 1;
    }
    throw e;
  }
  progress(
    `analyzing ${dir} (${engine}, logs from ${source === 'folder' ? 'the folder' : 'CloudWatch Logs'})`,
  );
  let result: AnalyzeResult;
  const run: RunOptions = {
    dir,
    windows,
    source,
    home,
    ...(explicitLogGroups ? { explicitLogGroups } : {}),
    ...(bedrock ? { bedrock } : {}),
  };
  try {
    result = engine === 'state-machine' ? await analyzeWithStateMachine(run) : await analyzeDirect(run);
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
  result.report.stats.durationMs = Math.round(performance.now() - started);
  // The state machine publishes and remembers in its own steps; the direct run does the same here.
  // Masked and self-checked as delivered, after every merge (the store's notes included).
  const report = sealReport(engine === 'direct' ? await rememberLocally(result.report, run) : result.report);
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

export interface RunOptions {
  /** Set when Bedrock writes the prose. */
  bedrock?: { modelId: string };
  /** When the folder's logs are collected on worker threads (default: a big logs.jsonl, on every core). */
  parallel?: ParallelPolicy;
  dir: string;
  windows: Partial<WindowOptions>;
  source: string;
  home: string;
  explicitLogGroups?: string[];
}

export async function analyzeDirect(run: RunOptions): Promise<AnalyzeResult> {
  if (run.source === 'folder') {
    const { input, threads } = await loadIncidentFolder(run.dir, run.windows, run.parallel);
    if (threads > 1) progress(`logs collected on ${threads} worker threads`);
    const telemetry = await readTelemetry(
      new FolderTelemetrySource(run.dir),
      input.alarmEvent,
      run.windows,
      [],
    );
    return analyzeIncident({
      windows: run.windows,
      ...input, // the alarm event and the logs: events, or the partials of worker threads
      ...(telemetry ? { telemetry } : {}),
      sourceNotes: input.notes,
      clock: () => performance.now(),
    });
  }
  // The AWS SDK is loaded only when CloudWatch is asked for: a folder analysis starts fast.
  const { resolveLogGroups } = await import('../../shared/adapters/aws/log-group-resolution.ts');
  const { createCloudWatchFetcher } = await import('../../shared/composition/aws.ts');
  const { createAwsTelemetrySource } = await import('../../shared/composition/aws-telemetry.ts');
  const alarmEvent = readAlarmEvent(run.dir);
  const parsed = parseAlarmEvent(alarmEvent);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const w = alarmWindows(parsed.alarm.triggeredAt, run.windows);
  const { logGroups, reasons } = resolveLogGroups({
    alarm: parsed.alarm,
    ...(run.explicitLogGroups ? { explicit: run.explicitLogGroups } : {}),
  });
  for (const reason of reasons) progress(`log groups: ${reason}`);
  if (logGroups.length === 0)
    return { ok: false, error: 'no log group to read: name them with --log-groups' };
  const { events, outcome } = createCloudWatchFetcher().fetch({
    logGroups,
    startTime: w.baselineStart,
    endTime: w.incidentEnd,
  });
  const fetched = [];
  for await (const event of events) fetched.push(event);
  progress(`fetched ${fetched.length} events from ${logGroups.length} log group(s)`);
  const telemetry = await readTelemetry(createAwsTelemetrySource(), alarmEvent, run.windows, logGroups);
  return analyzeIncident({
    windows: run.windows,
    alarmEvent,
    events: fetched,
    ...(telemetry ? { telemetry } : {}),
    sourceNotes: outcome.notes,
    clock: () => performance.now(),
  });
}

async function analyzeWithStateMachine(run: RunOptions): Promise<AnalyzeResult> {
  const { createLocalWorkflow, folderFetcher } = await import('../../shared/composition/local.ts');
  const { intake } = await import('../../shared/workflow/handlers/intake.ts');
  const telemetry =
    run.source === 'folder'
      ? new FolderTelemetrySource(run.dir)
      : (await import('../../shared/composition/aws-telemetry.ts')).createAwsTelemetrySource();
  const { runWorkflowLocally } = await import('../../shared/workflow/local-runner.ts');
  const alarmEvent = readAlarmEvent(run.dir);
  const fetcher =
    run.source === 'folder'
      ? folderFetcher(run.dir)
      : (await import('../../shared/composition/aws.ts')).createCloudWatchFetcher();
  let workflow: Awaited<ReturnType<typeof createLocalWorkflow>>;
  try {
    workflow = await createLocalWorkflow({
      home: run.home,
      fetcher,
      telemetry,
      windows: run.windows,
      ...(run.explicitLogGroups ? { explicitLogGroups: run.explicitLogGroups } : {}),
    });
  } catch (e) {
    // The workflow keeps its state in the local store: without it the analysis runs directly.
    const { storeUnavailableNote } = await import('../../shared/composition/local-memory.ts');
    progress('the local store cannot be opened: analyzing directly instead of in the state machine');
    const direct = await analyzeDirect(run);
    return direct.ok
      ? { ok: true, report: withNotes(direct.report, [storeUnavailableNote(run.home, e)]) }
      : direct;
  }
  if (run.bedrock) {
    const { createBedrockModel } = await import('../../shared/composition/aws.ts');
    workflow.deps.model = { client: createBedrockModel(run.bedrock.modelId), modelId: run.bedrock.modelId };
  }
  let incidentId: string | undefined;
  try {
    const admitted = await intake(alarmEvent, workflow.deps.blobs);
    if (!admitted.started) return { ok: false, error: admitted.reason };
    incidentId = admitted.state.incidentId;
    const outcome = await runWorkflowLocally(admitted.state, workflow.deps);
    if (!outcome.ok) return { ok: false, error: `the workflow failed: ${outcome.error}` };
    if (!outcome.state.reportKey) return { ok: false, error: 'the workflow ended without a report' };
    const report = JSON.parse(await workflow.deps.blobs.get(outcome.state.reportKey)) as Report;
    progress(`workflow done: report at ${outcome.state.reportUrl ?? outcome.state.reportKey}`);
    return { ok: true, report };
  } finally {
    // The raw events (a full copy of the window) have served once correlate ran; in AWS a
    // lifecycle rule expires them, here they would stay on disk for good.
    if (incidentId !== undefined) await workflow.discardRawEvents(incidentId);
    await workflow.close();
  }
}

/**
 * The direct run's memory, as the workflow's find-similar, synthesize and publish steps do it:
 * similar past incidents and the frequency label from the local incident table under `--home`,
 * then the report published there (files, outbox) and recorded for the next analyses.
 */
async function rememberLocally(report: Report, run: RunOptions): Promise<Report> {
  const { createLocalWorkflow, folderFetcher } = await import('../../shared/composition/local.ts');
  const { similarFor, withIncidentMemory } = await import(
    '../../shared/analysis/similarity/incident-memory.ts'
  );
  const { publishReport } = await import('../../shared/workflow/handlers/publish.ts');
  const { storeRepairNotes, storeUnavailableNote } = await import('../../shared/composition/local-memory.ts');
  let workflow: Awaited<ReturnType<typeof createLocalWorkflow>>;
  try {
    workflow = await createLocalWorkflow({ home: run.home, fetcher: folderFetcher(run.dir) });
  } catch (e) {
    return withNotes(report, [storeUnavailableNote(run.home, e)]);
  }
  try {
    let similar: Awaited<ReturnType<typeof similarFor>>;
    try {
      similar = await similarFor(workflow.deps.store, report, new Date(report.alarm.triggeredAt));
    } catch (e) {
      return withNotes(report, [storeUnavailableNote(run.home, e)]);
    }
    let remembered = withNotes(
      withIncidentMemory(report, similar),
      storeRepairNotes(run.home, workflow.storeRepairs()),
    );
    if (run.bedrock) {
      const [{ modelSynthesis }, { createBedrockModel }] = await Promise.all([
        import('../../shared/llm/index.ts'),
        import('../../shared/composition/aws.ts'),
      ]);
      const { modelId } = run.bedrock;
      progress(`asking Bedrock (${modelId}) to write the narrative`);
      remembered = await modelSynthesis(remembered, { client: createBedrockModel(modelId), modelId });
    }
    const state = { incidentId: remembered.incidentId, alarmKey: '' };
    try {
      await publishReport(state, remembered, workflow.deps);
    } catch (e) {
      return withNotes(remembered, [storeUnavailableNote(run.home, e)]);
    }
    return remembered;
  } finally {
    await workflow.close().catch(() => {});
  }
}

/** The store degrades, the report does not: a store that cannot be used is a limitation of the report. */
function withNotes(report: Report, notes: string[]): Report {
  if (notes.length === 0) return report;
  return { ...report, limitations: [...((report.limitations as string[] | undefined) ?? []), ...notes] };
}

/** The metrics and traces of the alarm's window, as fetch-telemetry reads them; undefined for an alarm the analysis refuses. */
async function readTelemetry(
  source: TelemetrySource,
  alarmEvent: unknown,
  windows: Partial<WindowOptions>,
  logGroups: string[],
): Promise<Telemetry | undefined> {
  const request = telemetryRequest(alarmEvent, windows, logGroups);
  if (!request) return undefined;
  const telemetry = await source.fetchTelemetry(request);
  if (telemetry.metrics.length > 0 || telemetry.traces.length > 0) {
    progress(`telemetry: ${telemetry.metrics.length} datapoints, ${telemetry.traces.length} trace segments`);
  }
  return telemetry;
}

function readAlarmEvent(dir: string): unknown {
  const path = join(dir, 'alarm.json');
  if (!existsSync(path)) throw new IncidentFolderError(`${dir} has no alarm.json`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new IncidentFolderError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
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
  warn(message);
}
