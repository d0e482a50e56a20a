import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderTelemetrySource } from '../../../shared/adapters/local/folder-telemetry.ts';
import { IncidentFolderSource } from '../../../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../../../shared/analysis/analyze.ts';
import { createLocalWorkflow, folderFetcher } from '../../../shared/composition/local.ts';
import type { Report } from '../../../shared/domain/report.ts';
import type { Telemetry } from '../../../shared/domain/telemetry.ts';
import type { TelemetryRequest, TelemetrySource } from '../../../shared/ports/telemetry-source.ts';
import type { WorkflowDeps } from '../../../shared/workflow/deps.ts';
import { runWorkflowLocally } from '../../../shared/workflow/local-runner.ts';
import { fetchTelemetry } from '../../../shared/workflow/steps/fetch-telemetry.ts';
import { intake } from '../../../shared/workflow/steps/intake.ts';
import { serialized } from '../../../shared/workflow/stored-telemetry.ts';
import { servicesInPlay, telemetryRequest } from '../../../shared/workflow/telemetry-request.ts';

const ALARM_AT = Date.parse('2026-02-11T03:20:00Z');

const alarm = {
  version: '0',
  id: '0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '345678901234',
  time: '2026-02-11T03:20:00Z',
  region: 'ap-southeast-2',
  resources: ['arn:aws:cloudwatch:ap-southeast-2:345678901234:alarm:ledger-errors'],
  detail: {
    alarmName: 'ledger-errors',
    configuration: {
      metrics: [
        {
          id: 'm1',
          metricStat: {
            metric: {
              namespace: 'AWS/ECS',
              name: 'CPUUtilization',
              dimensions: { ServiceName: 'ledger', ClusterName: 'core' },
            },
            period: 60,
            stat: 'Maximum',
          },
          returnData: true,
        },
      ],
    },
    previousState: { value: 'OK', reason: 'fine', timestamp: '2026-02-11T02:00:00.000+0000' },
    state: { value: 'ALARM', reason: 'errors above 10', timestamp: '2026-02-11T03:20:00.000+0000' },
  },
};

const at = (minutesFromAlarm: number) => ALARM_AT + minutesFromAlarm * 60_000;
const logLine = (minutes: number, message: string) =>
  JSON.stringify({ logGroup: '/ecs/ledger', logStream: 'ledger/7f1', timestamp: at(minutes), message });
const datapoint = (minutes: number, value: number) =>
  JSON.stringify({
    namespace: 'AWS/ECS',
    metricName: 'CPUUtilization',
    dimensions: { ServiceName: 'ledger', ClusterName: 'core' },
    stat: 'Maximum',
    period: 60,
    timestamp: at(minutes),
    value,
  });
const segment = (minutes: number, id: string, fault: boolean) =>
  JSON.stringify({
    trace_id: `1-698bf4f0-${id.padStart(24, '0')}`,
    id,
    name: 'ledger',
    start_time: at(minutes) / 1000,
    end_time: at(minutes) / 1000 + (fault ? 4 : 0.05),
    fault,
  });

let root: string;
let dir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'incidentiq-telemetry-engines-'));
  dir = join(root, 'incident');
  mkdirSync(dir);
  writeFileSync(join(dir, 'alarm.json'), JSON.stringify(alarm));
  const logs = [
    ...Array.from({ length: 20 }, (_, i) => logLine(-50 + i, 'INFO posted journal entry batch')),
    ...Array.from({ length: 12 }, (_, i) =>
      logLine(-8 + i * 0.5, 'ERROR ledger write failed: java.lang.OutOfMemoryError: Java heap space'),
    ),
  ];
  writeFileSync(join(dir, 'logs.jsonl'), `${logs.join('\n')}\n`);
  const metrics = [...Array.from({ length: 60 }, (_, i) => datapoint(-59 + i, i < 45 ? 35 : 99)), 'not json'];
  writeFileSync(join(dir, 'metrics.jsonl'), metrics.join('\n'));
  const traces = [
    segment(-40, 'a1', false),
    segment(-5, 'b1', true),
    '{"trace_id": "1-x", "name": "ledger"}',
  ];
  writeFileSync(join(dir, 'traces.jsonl'), traces.join('\n'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const TELEMETRY_NOTES = [
  '1 line(s) of metrics.jsonl not used: not valid JSON.',
  '1 segment(s) of traces.jsonl not used: invalid id.',
];

describe('telemetry through the workflow', () => {
  it('the state machine gives the folder telemetry to the analysis, to the report of one pass over the folder', async () => {
    const request = telemetryRequest(alarm, {}, []);
    if (!request) throw new Error('the alarm asks for no telemetry');
    const input = new IncidentFolderSource(dir).load();
    const direct = analyzeIncident({
      alarmEvent: alarm,
      events: input.events,
      telemetry: await new FolderTelemetrySource(dir).fetchTelemetry(request),
      sourceNotes: input.notes,
    });
    if (!direct.ok) throw new Error(direct.error);
    expect(direct.report.limitations).toEqual(expect.arrayContaining(TELEMETRY_NOTES));

    const workflow = await createLocalWorkflow({
      home: join(root, 'home'),
      fetcher: folderFetcher(dir),
      telemetry: new FolderTelemetrySource(dir),
    });
    try {
      const admitted = await intake(alarm, workflow.deps.blobs);
      if (!admitted.started) throw new Error(admitted.reason);
      // What analyze kept is what this test is about: publishing is tested elsewhere.
      await runWorkflowLocally(admitted.state, workflow.deps);
      const id = admitted.state.incidentId;
      const stored = JSON.parse(await workflow.deps.blobs.get(`incidents/${id}/telemetry.json`)) as Telemetry;
      expect([stored.metrics.length, stored.traces.length]).toEqual([60, 2]);
      const evidence = JSON.parse(await workflow.deps.blobs.get(`incidents/${id}/offline-report.json`)) as {
        report: Report;
      };
      const sm = evidence.report;
      expect(sm.limitations).toEqual(direct.report.limitations);
      expect({ ...sm, stats: { ...sm.stats, durationMs: 0 } }).toEqual({
        ...direct.report,
        stats: { ...direct.report.stats, durationMs: 0 },
      });
    } finally {
      await workflow.close();
    }
  });
});

describe('fetch-telemetry', () => {
  const deps = (telemetry?: TelemetrySource) =>
    ({
      blobs: {
        stored: new Map<string, string>([['alarm', JSON.stringify(alarm)]]),
        async get(key: string) {
          return this.stored.get(key) ?? '';
        },
        async put(key: string, body: string) {
          this.stored.set(key, body);
        },
        locate: (key: string) => key,
      },
      windows: { lookbackMinutes: 30 },
      ...(telemetry ? { telemetry } : {}),
    }) as unknown as WorkflowDeps & { blobs: { stored: Map<string, string> } };
  const state = {
    incidentId: 'INC-00c0ffee',
    alarmKey: 'alarm',
    logGroups: ['/ecs/ledger', '/aws/rds/instance/books/postgresql'],
  };

  it('asks its source for the window and the services in play, and keeps what it read under one key', async () => {
    const asked: TelemetryRequest[] = [];
    const d = deps({
      async fetchTelemetry(request) {
        asked.push(request);
        return { metrics: [], traces: [], notes: ['X-Ray GetTraceSummaries failed'] };
      },
    });
    const next = await fetchTelemetry.run(state, d);
    expect(asked[0]).toMatchObject({
      startTime: at(-30),
      endTime: at(10),
      services: ['ledger', 'books'],
      alarmQueries: [expect.objectContaining({ id: 'm1' })],
    });
    expect(next).toEqual({ ...state, telemetryKey: 'incidents/INC-00c0ffee/telemetry.json' });
    expect(JSON.parse(d.blobs.stored.get(next.telemetryKey ?? '') ?? '')).toEqual({
      metrics: [],
      traces: [],
      notes: ['X-Ray GetTraceSummaries failed'],
    });
  });

  it('masks what it read before keeping it: span names, annotations, URLs and dimension values', async () => {
    const d = deps({
      async fetchTelemetry() {
        return {
          metrics: [
            {
              namespace: 'AWS/EC2',
              metricName: 'CPUUtilization',
              dimensions: { PrivateIp: '10.4.2.9' },
              stat: 'Average',
              period: 60,
              timestamp: at(-5),
              value: 40,
            },
          ],
          traces: [
            {
              trace_id: '1-6a1b2c3d-0123456789abcdef01234567',
              id: 'a1',
              name: 'ledger',
              start_time: at(-5) / 1000,
              end_time: at(-5) / 1000 + 0.2,
              annotations: { api_key: 'sk_live_51Hx9ZtQ2vE8mN3pR7kL0aB4c' },
              http: { request: { url: 'https://books.internal/v1/sync?user=anna.berg@example.com' } },
              subsegments: [
                {
                  id: 'a2',
                  name: 'ledgerdb@10.4.2.10',
                  start_time: at(-5) / 1000,
                  end_time: at(-5) / 1000 + 0.1,
                },
              ],
            },
          ],
          notes: [],
        };
      },
    });
    const next = await fetchTelemetry.run(state, d);
    const stored = d.blobs.stored.get(next.telemetryKey ?? '') ?? '';
    for (const secret of [
      '10.4.2.9',
      '10.4.2.10',
      'sk_live_51Hx9ZtQ2vE8mN3pR7kL0aB4c',
      'anna.berg@example.com',
    ])
      expect(stored).not.toContain(secret);
    expect(stored).toContain('[REDACTED:');
    expect(JSON.parse(stored).traces[0].name).toBe('ledger');
  });

  it('leaves the state as it was without a source, or when nothing was read and nothing is to be said', async () => {
    expect(await fetchTelemetry.run(state, deps())).toBe(state);
    const empty = deps({ fetchTelemetry: async () => ({ metrics: [], traces: [], notes: [] }) });
    expect(await fetchTelemetry.run(state, empty)).toBe(state);
    expect(empty.blobs.stored.size).toBe(1);
  });

  it('keeps the metrics and says so when the traces are too large for one JSON text', () => {
    const seg = { trace_id: '1-a', id: 'x', name: 'ledger', start_time: 1 };
    const telemetry: Telemetry = { metrics: [], traces: [seg, seg], notes: ['earlier'] };
    let calls = 0;
    const limited = (value: unknown) => {
      if (calls++ === 0) throw new RangeError('Invalid string length');
      return JSON.stringify(value);
    };
    expect(JSON.parse(serialized(telemetry, limited))).toEqual({
      metrics: [],
      traces: [],
      notes: [
        'earlier',
        'The 2 trace segment(s) were too large to keep (Invalid string length): the analysis went on without them.',
      ],
    });
  });

  it('names the services in play from the log groups and the service dimensions of the alarm', () => {
    expect(
      servicesInPlay(
        ['/aws/lambda/refunds', '/ecs/ledger', '/aws/containerinsights/core/application', '/ecs/ledger'],
        {
          FunctionName: 'refunds',
          ClusterName: 'core',
          DBInstanceIdentifier: 'books',
        },
      ),
    ).toEqual(['refunds', 'books', 'ledger', 'core']);
    expect(telemetryRequest({ not: 'an alarm' }, {}, [])).toBeNull();
  });
});
