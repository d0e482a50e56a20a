import type { WorkflowPorts, WorkflowSettings } from './deps.ts';

/**
 * The ports of a state-machine step, each the field of the workflow's adapters it fills. A port
 * names what it reaches: the Lambda composition builds one port's SDK clients only for the steps
 * that list it, and the IAM grants follow the same list.
 */
export const PORT_FIELDS = {
  /** The report bucket (raw events, partial collections, reports). */
  blobs: 'blobs',
  /** CloudWatch Logs, read (FilterLogEvents, Logs Insights). */
  logs: 'fetcher',
  /** The alarm and its tags (which log groups it names). */
  'alarm-tags': 'alarmTags',
  /** Metrics (CloudWatch) and traces (X-Ray, Transaction Search spans), read. */
  telemetry: 'telemetry',
  /** The incident table, read. */
  'incidents-read': 'store',
  /** The incident table, read and written. */
  'incidents-write': 'store',
  /** The notification topics (and the delivery ledger in the incident table). */
  notify: 'notifier',
  /** The configured Bedrock model (when the synthesizer is `bedrock`). */
  model: 'model',
  /** Titan text embeddings on Bedrock (when the synthesizer is `bedrock`). */
  embeddings: 'embeddings',
} as const satisfies Record<string, keyof WorkflowPorts>;

export type WorkflowPort = keyof typeof PORT_FIELDS;

/** The intake's own ports: it runs before the state machine, which it starts. */
export type IntakePort = 'alarm-state' | 'start-workflow';

export type Port = WorkflowPort | IntakePort;

/** What a step's handler gets: the settings, and the adapters of the ports it lists. */
export type StepDeps<P extends readonly Port[]> = WorkflowSettings &
  Pick<WorkflowPorts, (typeof PORT_FIELDS)[Extract<P[number], WorkflowPort>]>;
