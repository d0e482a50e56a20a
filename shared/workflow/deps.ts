import type { EmbeddingScorer } from '../analysis/similarity/embeddings.ts';
import type { WindowOptions } from '../analysis/window.ts';
import type { StageLogGroups } from '../deployment/log-groups.ts';
import type { AlarmTagReader } from '../ports/alarm-tags.ts';
import type { BlobStore } from '../ports/blob-store.ts';
import type { IncidentStore } from '../ports/incident-store.ts';
import type { LogFetcher } from '../ports/log-fetcher.ts';
import type { MetricsRecorder } from '../ports/metrics.ts';
import type { ModelClient } from '../ports/model-client.ts';
import type { Notifier } from '../ports/notifier.ts';
import type { TelemetrySource } from '../ports/telemetry-source.ts';
import type { SlicingOptions } from './fetch-slices.ts';

/** The adapters the workflow's steps work with, built once per entry point by a composition root. */
export interface WorkflowPorts {
  blobs: BlobStore;
  fetcher: LogFetcher;
  /** Where metrics and traces come from (CloudWatch and X-Ray, or the folder); absent: log-only analysis. */
  telemetry?: TelemetrySource;
  store: IncidentStore;
  notifier: Notifier;
  /** Reads the alarm's tags (incidentiq:log-groups); absent locally. */
  alarmTags?: AlarmTagReader;
  /** When set, write-narrative has this model write the narrative (Bedrock); otherwise the offline text stays. */
  model?: { client: ModelClient; modelId: string };
  /** Optional text embeddings blended into the similarity of past incidents (Titan on Bedrock). */
  embeddings?: EmbeddingScorer;
}

/** What every step may read besides its ports: configuration, the clock, the health signals. */
export interface WorkflowSettings {
  /**
   * The analyzer's health signals: a degraded analysis, a model fallback. Both compositions set it;
   * optional only for callers that use a handler's helper outside the workflow (publishReport).
   */
  metrics?: MetricsRecorder;
  logGroups: StageLogGroups;
  /** Log groups named on the command line: they win over every other source. */
  explicitLogGroups?: string[];
  windows: Partial<WindowOptions>;
  consoleUrl: string | null;
  clock: () => number;
  /** Lines per stored part of the raw events (default EVENTS_PER_PART; tests lower it). */
  eventsPerPart?: number;
  /** Bytes per stored part of the raw events (default BYTES_PER_PART; tests lower it). */
  bytesPerPart?: number;
  /** How the fetch is cut into slices of groups and time (default DEFAULT_SLICING). */
  fetchSlicing?: Partial<SlicingOptions>;
  /** Shards the events are split into by log stream (default SHARDS). */
  shards?: number;
}

/** Everything the workflow's steps work with (each step's handler takes only its part: StepDeps). */
export type WorkflowDeps = WorkflowPorts & WorkflowSettings;
