import { fileURLToPath } from 'node:url';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchLogsFetcher } from '../../shared/adapters/aws/cloudwatch-logs-fetcher.ts';
import {
  DynamoDbIncidentStore,
  ensureIncidentTable,
} from '../../shared/adapters/aws/dynamodb-incident-store.ts';
import { S3BlobStore } from '../../shared/adapters/aws/s3-blob-store.ts';
import { SnsNotifier } from '../../shared/adapters/aws/sns-notifier.ts';
import { IncidentFolderSource } from '../../shared/adapters/local/incident-folder.ts';
import { type LocalDynamo, startLocalDynamo } from '../../shared/adapters/local/local-dynamo.ts';
import { analyzeIncident } from '../../shared/analysis/analyze.ts';
import { withIncidentMemory } from '../../shared/analysis/similarity/incident-memory.ts';
import type { MetricName } from '../../shared/deployment/metric-names.ts';
import type { LogEvent } from '../../shared/domain/log-event.ts';
import type { Report } from '../../shared/domain/report.ts';
import type { MetricsRecorder } from '../../shared/ports/metrics.ts';
import type { WorkflowDeps } from '../../shared/workflow/deps.ts';
import { runWorkflowLocally } from '../../shared/workflow/local-runner.ts';
import type { WorkflowState } from '../../shared/workflow/state.ts';
import { intake } from '../../shared/workflow/steps/intake.ts';
import { type LocalS3, startLocalS3 } from './local-aws.ts';

const INCIDENT = fileURLToPath(
  new URL('../fixtures/incidents/f02-itinerary-render-cache-leak/', import.meta.url),
);
const TABLE = 'incidents';

let s3: LocalS3;
let dynamo: LocalDynamo;
const logs = mockClient(CloudWatchLogsClient);
const sns = mockClient(SNSClient);

/**
 * The fixture's events, served by a mocked FilterLogEvents per log group and inclusive time range
 * (as CloudWatch Logs reads startTime and endTime), in two pages.
 */
function serveLogs(events: LogEvent[]): void {
  logs.reset();
  logs
    .on(FilterLogEventsCommand)
    .callsFake(
      (input: { logGroupName?: string; nextToken?: string; startTime?: number; endTime?: number }) => {
        const mine = events.filter(
          (e) =>
            e.logGroup === input.logGroupName &&
            e.timestamp >= (input.startTime ?? 0) &&
            e.timestamp <= (input.endTime ?? Number.MAX_SAFE_INTEGER),
        );
        const half = Math.ceil(mine.length / 2);
        const page = input.nextToken ? mine.slice(half) : mine.slice(0, half);
        return {
          events: page.map((e, i) => ({
            logStreamName: e.logStream,
            timestamp: e.timestamp,
            message: e.message,
            eventId: `${i}`,
          })),
          ...(input.nextToken ? {} : { nextToken: 'page-2' }),
        };
      },
    );
}

/** The distinct time ranges FilterLogEvents was asked for, per log group. */
function rangesRead(): Map<string, string[]> {
  const ranges = new Map<string, Set<string>>();
  for (const call of logs.commandCalls(FilterLogEventsCommand)) {
    const { logGroupName, startTime, endTime } = call.args[0].input;
    const group = ranges.get(logGroupName ?? '') ?? new Set<string>();
    group.add(`${startTime}..${endTime}`);
    ranges.set(logGroupName ?? '', group);
  }
  return new Map([...ranges].map(([g, r]) => [g, [...r]]));
}

/** Records every count, in order. */
class RecordingMetrics implements MetricsRecorder {
  readonly counts: { name: MetricName; dimensions: Record<string, string> | undefined }[] = [];
  count(name: MetricName, dimensions?: Record<string, string>): void {
    this.counts.push({ name, dimensions });
  }
}

function deps(): WorkflowDeps & { metrics: RecordingMetrics } {
  return {
    metrics: new RecordingMetrics(),
    blobs: new S3BlobStore({ client: s3.client, bucket: s3.bucket }),
    fetcher: new CloudWatchLogsFetcher({
      client: new CloudWatchLogsClient({ region: 'us-east-1' }),
      sleep: async () => {},
    }),
    store: new DynamoDbIncidentStore({ client: dynamo.doc, tableName: TABLE }),
    notifier: new SnsNotifier({
      client: new SNSClient({ region: 'us-east-1' }),
      topicArn: 'arn:aws:sns:us-east-1:123456789012:incidentiq',
      chatTopicArn: 'arn:aws:sns:us-east-1:123456789012:incidentiq-chat',
    }),
    logGroups: {
      alarmLogGroups: {
        'booking-edge-*': [
          '/eks/fc-prod/booking-edge',
          '/eks/fc-prod/itinerary-service',
          '/eks/fc-prod/fare-service',
          '/eks/fc-prod/loyalty-service',
          '/eks/fc-prod/kube-events',
        ],
      },
      defaultLogGroups: [],
    },
    windows: {},
    consoleUrl: null,
    clock: () => 0,
  };
}

/** Runs the workflow and records the size of every payload that travels between steps. */
async function runRecorded(
  d: WorkflowDeps,
  alarmEvent: unknown,
): Promise<{ state: WorkflowState; payloads: number[] }> {
  const admitted = await intake(alarmEvent, d.blobs);
  if (!admitted.started) throw new Error(admitted.reason);
  const payloads: number[] = [JSON.stringify(admitted.state).length];
  const outcome = await runWorkflowLocally(admitted.state, d);
  if (!outcome.ok) throw new Error(outcome.error);
  payloads.push(JSON.stringify(outcome.state).length);
  return { state: outcome.state, payloads };
}

beforeAll(async () => {
  s3 = await startLocalS3();
  dynamo = await startLocalDynamo();
  await ensureIncidentTable(dynamo.client, TABLE);
});

afterAll(async () => {
  await s3.close();
  await dynamo.close();
  logs.restore();
  sns.restore();
});

describe('the workflow state machine, run locally on real adapters', () => {
  const input = new IncidentFolderSource(INCIDENT).load();
  const events = [...input.events];
  const alarmEvent = input.alarmEvent;

  it('publishes the same report as the direct analysis, with pointers only between steps', async () => {
    serveLogs(events);
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const d = deps();
    const { state, payloads } = await runRecorded(d, alarmEvent);

    const direct = analyzeIncident({ alarmEvent, events, clock: () => 0 });
    if (!direct.ok) throw new Error(direct.error);
    const published = JSON.parse(await d.blobs.get(state.reportKey as string)) as Report;
    expect({ ...published, stats: { ...published.stats, durationMs: 0 } }).toEqual({
      // No past incident in a fresh table: no similar incidents, frequency "new".
      ...withIncidentMemory(direct.report, []),
      stats: { ...direct.report.stats, durationMs: 0 },
    });
    expect(published.rootCause.service).toBe('itinerary-service');

    expect(state.reportKey).toMatch(/^reports\/2026\/09\/14\/INC-[0-9a-f]{8}\/report\.json$/);
    expect(await d.blobs.get((state.reportKey as string).replace('.json', '.html'))).toContain(
      'itinerary-service',
    );
    for (const size of payloads) expect(size).toBeLessThan(4096);
    expect(d.metrics.counts).toEqual([]);

    const publishes = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(publishes).toHaveLength(2);
    expect(publishes[0]?.Subject).toContain('itinerary-service');
    expect(JSON.parse(publishes[1]?.Message ?? '{}')).toMatchObject({ version: '1.0', source: 'custom' });

    const record = await d.store.get(published.incidentId);
    expect(record?.rootService).toBe('itinerary-service');
    expect(record?.faultClass).toBe('memory_exhaustion');
  });

  it('fetches a generated window in time slices per group, shards it across the Maps and publishes the single-pass report', async () => {
    // The fixture repeated on 5 more streams of each group, a few ms apart, in parts of 400 lines.
    const generated = events.flatMap((e) => [
      e,
      ...Array.from({ length: 5 }, (_, k) => ({
        ...e,
        logStream: `${e.logStream ?? 'stream'}#${k + 1}`,
        timestamp: e.timestamp + k + 1,
      })),
    ]);
    serveLogs(generated);
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-3' });
    // 10-minute slices: the 70-minute window is 7 slices per group, 35 fetch-slice runs.
    const d: WorkflowDeps = { ...deps(), eventsPerPart: 400, fetchSlicing: { sliceMs: 10 * 60_000 } };
    const { state, payloads } = await runRecorded(d, alarmEvent);
    const ranges = rangesRead();
    expect([...ranges.keys()].sort()).toEqual([
      '/eks/fc-prod/booking-edge',
      '/eks/fc-prod/fare-service',
      '/eks/fc-prod/itinerary-service',
      '/eks/fc-prod/kube-events',
      '/eks/fc-prod/loyalty-service',
    ]);
    for (const group of ranges.values()) expect(group).toHaveLength(7);
    expect(state.shardKeys).toBeUndefined();
    expect(state.sliceKeys).toBeUndefined();

    const direct = analyzeIncident({ alarmEvent, events: generated, clock: () => 0 });
    if (!direct.ok) throw new Error(direct.error);
    const published = JSON.parse(await d.blobs.get(state.reportKey as string)) as Report;
    expect(published.stats.linesScanned).toBe(generated.length);
    expect({ ...published, stats: { ...published.stats, durationMs: 0 } }).toEqual({
      ...withIncidentMemory(direct.report, []),
      stats: { ...direct.report.stats, durationMs: 0 },
    });
    expect(published.rootCause.service).toBe('itinerary-service');
    for (const size of payloads) expect(size).toBeLessThan(4096);
  });

  it('when a step keeps failing, record-failure publishes a degraded report and the execution fails', async () => {
    logs.reset();
    logs
      .on(FilterLogEventsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    const d = deps();
    const corrupt: WorkflowDeps = {
      ...d,
      blobs: {
        ...d.blobs,
        put: d.blobs.put.bind(d.blobs),
        locate: d.blobs.locate.bind(d.blobs),
        get: async (key: string) => {
          if (key.endsWith('offline-report.json')) throw new Error(`blob not found: ${key}`);
          return d.blobs.get(key);
        },
      },
    };
    const admitted = await intake(alarmEvent, corrupt.blobs);
    if (!admitted.started) throw new Error(admitted.reason);
    const outcome = await runWorkflowLocally(admitted.state, corrupt);
    expect(outcome.ok).toBe(false);
    const publishes = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(publishes[0]?.Subject).toMatch(/^\[degraded\]/);
    expect(publishes[0]?.Message).toContain(
      'did not complete: step find-similar failed after its retries (Error: blob not found: incidents/',
    );
    expect(d.metrics.counts).toEqual([
      { name: 'DegradedAnalysis', dimensions: { FailedStep: 'find-similar' } },
    ]);
  });

  it('when a shard fails in the Distributed Map, record-failure says collect-shard failed', async () => {
    serveLogs(events);
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm-4' });
    const d = deps();
    const unreadableParts: WorkflowDeps = {
      ...d,
      eventsPerPart: 400,
      blobs: {
        put: d.blobs.put.bind(d.blobs),
        locate: d.blobs.locate.bind(d.blobs),
        get: async (key: string) => {
          if (/part-00001\.jsonl$/.test(key)) throw new Error(`blob not found: ${key}`);
          return d.blobs.get(key);
        },
      },
    };
    const admitted = await intake(alarmEvent, unreadableParts.blobs);
    if (!admitted.started) throw new Error(admitted.reason);

    const outcome = await runWorkflowLocally(admitted.state, unreadableParts);

    expect(outcome.ok).toBe(false);
    const publishes = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(publishes[0]?.Subject).toMatch(/^\[degraded\]/);
    expect(publishes[0]?.Message).toContain('step collect-shard failed after its retries');
    expect(publishes[0]?.Message).toContain('part-00001.jsonl');
    expect(d.metrics.counts).toEqual([
      { name: 'DegradedAnalysis', dimensions: { FailedStep: 'collect-shard' } },
    ]);
  });
});
