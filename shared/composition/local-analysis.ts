import { FolderTelemetrySource } from '../adapters/local/folder-telemetry.ts';
import type { WindowOptions } from '../analysis/window.ts';
import type { Report } from '../domain/report.ts';
import type { LogFetcher } from '../ports/log-fetcher.ts';
import type { ModelClient } from '../ports/model-client.ts';
import type { TelemetrySource } from '../ports/telemetry-source.ts';
import { runWorkflowLocally } from '../workflow/local-runner.ts';
import { type WorkflowState, withNotes } from '../workflow/state.ts';
import { intake } from '../workflow/steps/intake.ts';
import { planFetch } from '../workflow/steps/plan-fetch.ts';
import {
  createLocalWorkflow,
  createMemoryWorkflow,
  folderFetcher,
  type LocalSources,
  type LocalWorkflow,
} from './local.ts';
import { collectOnWorkers, type ParallelPolicy } from './local-collect-map.ts';
import { storeRepairNotes, storeUnavailableNote } from './local-memory.ts';

export { readAlarmFile } from '../adapters/local/alarm-file.ts';
export { IncidentFolderError } from '../adapters/local/incident-folder.ts';
export type { ParallelPolicy } from './local-collect-map.ts';

/** One analysis on a laptop: what the CLI's `analyze` asks for. */
export interface LocalAnalysis {
  /** The incident folder: with `source: 'folder'`, its logs, metrics and traces. */
  dir: string;
  /** The folder's alarm.json as read (`readAlarmFile`): intake validates it. */
  alarmEvent: unknown;
  /** Where the logs, metrics and traces come from: the folder, or CloudWatch Logs, CloudWatch and X-Ray. */
  source: 'folder' | 'cloudwatch';
  /** The local state folder (incident table, blobs, outbox, metrics). */
  home: string;
  windows: Partial<WindowOptions>;
  explicitLogGroups?: string[];
  /** Set when Bedrock rewrites the prose. */
  bedrock?: { modelId: string };
  /** When the collect Map runs on worker threads (default: a big window, on the cores there are). */
  parallel?: ParallelPolicy;
  /** Told what is happening, one line at a time. */
  progress?: (line: string) => void;
}

export type LocalAnalysisResult = { ok: true; report: Report } | { ok: false; error: string };

/**
 * Runs the analysis workflow on a laptop: the alarm of the folder through intake, then the
 * deployed state machine's definition under the local runner, with the local adapters (the
 * store under `home`) or, when that store cannot be used, the same workflow with nothing kept
 * and the report saying so. The report is the one the workflow published. Throws
 * IncidentFolderError when the folder cannot be read.
 */
export async function analyzeLocally(run: LocalAnalysis): Promise<LocalAnalysisResult> {
  const progress = run.progress ?? (() => {});
  const sources = await localSources(run, progress);
  const notes: string[] = [];
  let workflow: LocalWorkflow;
  try {
    workflow = await createLocalWorkflow({ ...sources, home: run.home });
    notes.push(...storeRepairNotes(run.home, workflow.storeRepairs()));
  } catch (e) {
    progress('the local store cannot be opened: the analysis runs without it');
    notes.push(storeUnavailableNote(run.home, e));
    workflow = await createMemoryWorkflow({ ...sources, home: run.home });
  }
  if (run.bedrock) {
    const { createBedrockModel } = await import('./aws.ts');
    const client = announced(createBedrockModel(run.bedrock.modelId), () =>
      progress(`asking Bedrock (${run.bedrock?.modelId}) to write the narrative`),
    );
    workflow.deps.model = { client, modelId: run.bedrock.modelId };
  }
  const maps = collectOnWorkers(workflow.deps, {
    ...run.parallel,
    ...(run.source === 'folder' ? { folder: run.dir, progress } : {}),
  });
  try {
    const admitted = await intake(run.alarmEvent, workflow.deps.blobs);
    if (!admitted.started) return { ok: false, error: admitted.reason };
    const input: WorkflowState = withNotes<WorkflowState>(admitted.state, notes);
    const outcome = await runWorkflowLocally(input, workflow.deps, undefined, {
      tasks: maps.tasks,
      // The definition built from the step list, unchanged: the tests validate it, each run need not.
      validate: false,
      onTaskDone: (step, output) => {
        maps.observe(step, output);
        if (step !== planFetch.spec.name) return;
        for (const reason of output.logGroupSources ?? []) progress(`log groups: ${reason}`);
        if ((output.logGroups ?? []).length === 0)
          progress('no log group to read: name them with --log-groups');
      },
    });
    const threads = maps.threads();
    if (threads > 1) progress(`logs collected on ${threads} worker threads`);
    if (maps.recovered() > 0)
      progress(`${maps.recovered()} item(s) were run on this thread instead: a worker failed`);
    if (!outcome.ok) return { ok: false, error: `the workflow failed: ${outcome.error}` };
    if (!outcome.state.reportKey) return { ok: false, error: 'the workflow ended without a report' };
    const report = JSON.parse(await workflow.deps.blobs.get(outcome.state.reportKey)) as Report;
    progress(`workflow done: report at ${outcome.state.reportUrl ?? outcome.state.reportKey}`);
    return { ok: true, report };
  } finally {
    await maps.close();
    await workflow.close().catch(() => {});
  }
}

/** The log store and the telemetry of the run, each saying on `progress` what it read. */
async function localSources(run: LocalAnalysis, progress: (line: string) => void): Promise<LocalSources> {
  let fetcher: LogFetcher;
  let telemetry: TelemetrySource;
  if (run.source === 'folder') {
    fetcher = folderFetcher(run.dir);
    telemetry = new FolderTelemetrySource(run.dir);
  } else {
    // The AWS SDK is loaded only when CloudWatch is asked for: a folder analysis starts fast.
    fetcher = (await import('./aws.ts')).createCloudWatchFetcher();
    telemetry = (await import('./aws-telemetry.ts')).createAwsTelemetrySource();
  }
  return {
    fetcher: countedFetcher(fetcher, progress),
    telemetry: countedTelemetry(telemetry, progress),
    windows: run.windows,
    ...(run.explicitLogGroups ? { explicitLogGroups: run.explicitLogGroups } : {}),
  };
}

/** The fetcher, saying how many events each fetch read once it has read them. */
function countedFetcher(fetcher: LogFetcher, progress: (line: string) => void): LogFetcher {
  const counted: LogFetcher = {
    fetch(request) {
      const fetched = fetcher.fetch(request);
      async function* events() {
        yield* fetched.events;
        progress(`fetched ${fetched.outcome.events} events from ${request.logGroups.length} log group(s)`);
      }
      return { events: events(), outcome: fetched.outcome };
    },
  };
  if (fetcher.knownLogGroups) counted.knownLogGroups = () => fetcher.knownLogGroups?.() ?? [];
  return counted;
}

/** The telemetry source, saying how much it read when it read any. */
function countedTelemetry(source: TelemetrySource, progress: (line: string) => void): TelemetrySource {
  return {
    async fetchTelemetry(request) {
      const telemetry = await source.fetchTelemetry(request);
      if (telemetry.metrics.length > 0 || telemetry.traces.length > 0) {
        progress(
          `telemetry: ${telemetry.metrics.length} datapoints, ${telemetry.traces.length} trace segments`,
        );
      }
      return telemetry;
    },
  };
}

/** The model, calling `first` before its first call. */
function announced(client: ModelClient, first: () => void): ModelClient {
  let told = false;
  return {
    converse(request) {
      if (!told) first();
      told = true;
      return client.converse(request);
    },
  };
}
