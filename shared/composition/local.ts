import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DynamoDbIncidentStore, ensureIncidentTable } from '../adapters/aws/dynamodb-incident-store.ts';
import { FileBlobStore } from '../adapters/local/file-blob-store.ts';
import { FolderLogFetcher } from '../adapters/local/folder-log-fetcher.ts';
import { type LocalDynamo, startLocalDynamo } from '../adapters/local/local-dynamo.ts';
import { MemoryBlobStore } from '../adapters/local/memory-blob-store.ts';
import { MemoryOutbox } from '../adapters/local/memory-outbox.ts';
import { OutboxNotifier } from '../adapters/local/outbox-notifier.ts';
import type { WindowOptions } from '../analysis/window.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { LogFetcher } from '../ports/log-fetcher.ts';
import type { MetricsRecorder } from '../ports/metrics.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { TelemetrySource } from '../ports/telemetry-source.ts';
import type { WorkflowDeps } from '../workflow/deps.ts';
import { SINGLE_SLICE } from '../workflow/fetch-slices.ts';
import { incidentKey } from '../workflow/state.ts';

export const LOCAL_INCIDENT_TABLE = 'incidentiq-incidents';

/**
 * Lines per stored part of the raw events in a local run: a quarter of EVENTS_PER_PART. In AWS each
 * collect-shard run is a Lambda of its own; here the Map's runs share one process, each holding its
 * current part, so smaller parts keep a 10-million-event window near 0.6 GB instead of 1.2 GB.
 */
export const LOCAL_EVENTS_PER_PART = 25_000;

/**
 * A local run fetches in one slice: the folder store reads its whole file for each slice, so more
 * slices would only read it again (the slicing itself is the same code, tested with more slices).
 */
export const LOCAL_FETCH_SLICING = SINGLE_SLICE;

export interface LocalWorkflow {
  deps: WorkflowDeps;
  /** Deletes an incident's stored raw events (what the S3 lifecycle rule does in AWS). */
  discardRawEvents(incidentId: string): Promise<void>;
  /** What LevelDB repaired when this process opened the incident table (empty when nothing). */
  storeRepairs(): string[];
  close(): Promise<void>;
}

/** What a local run reads: the log store and, when there is one, the telemetry, in the alarm's windows. */
export interface LocalSources {
  fetcher: LogFetcher;
  /** Where metrics and traces come from; absent: the log-only analysis. */
  telemetry?: TelemetrySource;
  windows?: Partial<WindowOptions>;
  explicitLogGroups?: string[];
}

/**
 * The workflow's adapters on a laptop, all under the `--home` folder: blobs as files, the
 * incident table in an embedded, persisted DynamoDB (dynalite), notifications in an outbox,
 * metrics as lines of `metrics.jsonl`.
 */
export async function createLocalWorkflow(options: LocalSources & { home: string }): Promise<LocalWorkflow> {
  const home = resolve(options.home);
  const dynamo = await startLocalDynamo({ path: join(home, 'dynamodb') });
  try {
    await ensureIncidentTable(dynamo.client, LOCAL_INCIDENT_TABLE);
  } catch (error) {
    await dynamo.close().catch(() => {});
    throw error;
  }
  const blobs = new FileBlobStore(join(home, 'blobs'));
  return {
    deps: workflowDeps(options, dynamo, {
      blobs,
      notifier: new OutboxNotifier(join(home, 'outbox')),
      metrics: fileMetrics(localMetricsFile(home)),
    }),
    discardRawEvents: (incidentId) => blobs.removeFolder(incidentKey(incidentId, 'events/')),
    storeRepairs: () => dynamo.repairs(),
    close: () => dynamo.close(),
  };
}

/**
 * The same workflow with no report kept: blobs, the incident table (an in-memory dynalite) and the
 * outbox live in this process and go with it; only the metrics are appended under `home`. What a
 * local run falls back to when its --home store cannot be used: the analysis runs the same steps,
 * compared with no past incident.
 */
export async function createMemoryWorkflow(options: LocalSources & { home: string }): Promise<LocalWorkflow> {
  const dynamo = await startLocalDynamo();
  await ensureIncidentTable(dynamo.client, LOCAL_INCIDENT_TABLE);
  return {
    deps: workflowDeps(options, dynamo, {
      blobs: new MemoryBlobStore(),
      notifier: new MemoryOutbox(),
      metrics: fileMetrics(localMetricsFile(options.home)),
    }),
    discardRawEvents: async () => {},
    storeRepairs: () => [],
    close: () => dynamo.close(),
  };
}

function workflowDeps(
  sources: LocalSources,
  dynamo: LocalDynamo,
  kept: { blobs: BlobStore; notifier: Notifier; metrics: MetricsRecorder },
): WorkflowDeps {
  return {
    ...kept,
    fetcher: sources.fetcher,
    ...(sources.telemetry ? { telemetry: sources.telemetry } : {}),
    store: new DynamoDbIncidentStore({ client: dynamo.doc, tableName: LOCAL_INCIDENT_TABLE }),
    logGroups: { alarmLogGroups: {}, defaultLogGroups: [] },
    ...(sources.explicitLogGroups ? { explicitLogGroups: sources.explicitLogGroups } : {}),
    windows: sources.windows ?? {},
    eventsPerPart: LOCAL_EVENTS_PER_PART,
    fetchSlicing: LOCAL_FETCH_SLICING,
    consoleUrl: null,
    clock: () => performance.now(),
  };
}

/** Where a local run records its metrics (DegradedAnalysis, ModelFallback): one JSON line per count. */
export function localMetricsFile(home: string): string {
  return join(resolve(home), 'metrics.jsonl');
}

/** The local stand-in for CloudWatch metrics: each count appended to `path`, as CloudWatch would get it. */
export function fileMetrics(path: string, now: () => Date = () => new Date()): MetricsRecorder {
  return {
    count(name, dimensions = {}) {
      mkdirSync(dirname(path), { recursive: true });
      appendFileSync(path, `${JSON.stringify({ time: now().toISOString(), name, value: 1, dimensions })}\n`);
    },
  };
}

/** The local stand-in for CloudWatch Logs: the incident folder's logs.jsonl. */
export function folderFetcher(dir: string): LogFetcher {
  return new FolderLogFetcher(dir);
}
