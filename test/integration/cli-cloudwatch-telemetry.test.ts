import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/domain/report.ts';
import { runCli } from './cli-process.ts';

const ALARM_AT = Date.parse('2026-01-19T22:05:00Z');
const at = (minutes: number) => ALARM_AT + minutes * 60_000;

const alarm = {
  version: '0',
  id: '5d6e7f80-91a2-4b3c-8d4e-5f60718293a4',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '456789012345',
  time: '2026-01-19T22:05:00Z',
  region: 'eu-central-1',
  resources: ['arn:aws:cloudwatch:eu-central-1:456789012345:alarm:tally-errors'],
  detail: {
    alarmName: 'tally-errors',
    configuration: {
      metrics: [
        {
          id: 'm1',
          metricStat: {
            metric: { namespace: 'AWS/Lambda', name: 'Errors', dimensions: { FunctionName: 'tally' } },
            period: 60,
            stat: 'Sum',
          },
          returnData: true,
        },
      ],
    },
    previousState: { value: 'OK', reason: 'fine', timestamp: '2026-01-19T21:00:00.000+0000' },
    state: { value: 'ALARM', reason: 'errors above 3', timestamp: '2026-01-19T22:05:00.000+0000' },
  },
};

/** Log lines of the tally function, as FilterLogEvents returns them. */
const EVENTS = [
  ...Array.from({ length: 10 }, (_, i) => ({ at: at(-50 + i), message: 'INFO tallied 40 votes' })),
  ...Array.from({ length: 8 }, (_, i) => ({
    at: at(-6 + i * 0.5),
    message: 'ERROR tally failed: connect ETIMEDOUT 10.0.3.7:5432',
  })),
].map((e, i) => ({
  eventId: `${i}`,
  logStreamName: '2026/01/19/[$LATEST]ab12',
  timestamp: e.at,
  message: e.message,
}));

let server: Server;
let endpoint = '';
const calls: string[] = [];

/** CloudWatch Logs, CloudWatch and X-Ray on one loopback endpoint, told apart by target header or path. */
function answer(
  operation: string,
  body: Record<string, unknown>,
): { status: number; type: string; body: unknown } {
  const json10 = 'application/x-amz-json-1.0';
  const json11 = 'application/x-amz-json-1.1';
  switch (operation) {
    case 'FilterLogEvents':
      return body.logGroupName === '/aws/lambda/tally'
        ? { status: 200, type: json11, body: { events: EVENTS } }
        : { status: 400, type: json11, body: { __type: 'ResourceNotFoundException', message: 'no group' } };
    case 'ListMetrics':
      return {
        status: 200,
        type: json10,
        body: {
          Metrics: [
            {
              Namespace: 'AWS/Lambda',
              MetricName: 'Duration',
              Dimensions: [{ Name: 'FunctionName', Value: 'tally' }],
            },
          ],
        },
      };
    case 'GetMetricData': {
      const queries = (body.MetricDataQueries as { Id: string }[]) ?? [];
      return {
        status: 200,
        type: json10,
        body: {
          MetricDataResults: queries.map((q) => ({
            Id: q.Id,
            Timestamps: [at(-30) / 1000, at(-2) / 1000],
            Values: [1, 9],
            StatusCode: 'Complete',
          })),
        },
      };
    }
    case '/TraceSummaries':
      return {
        status: 200,
        type: 'application/json',
        body: { TraceSummaries: [{ Id: '1-696eab00-00000000000000000000000a', HasFault: true }] },
      };
    case '/Traces': {
      const document = {
        trace_id: '1-696eab00-00000000000000000000000a',
        id: 'f00d',
        name: 'tally',
        start_time: at(-3) / 1000,
        end_time: at(-3) / 1000 + 5,
        fault: true,
      };
      return {
        status: 200,
        type: 'application/json',
        body: {
          Traces: [{ Id: document.trace_id, Segments: [{ Id: 'f00d', Document: JSON.stringify(document) }] }],
        },
      };
    }
    default:
      return { status: 400, type: json10, body: { __type: 'UnknownOperation', message: operation } };
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const operation = typeof target === 'string' ? (target.split('.').pop() ?? '') : (req.url ?? '');
      calls.push(operation);
      const text = Buffer.concat(chunks).toString('utf8');
      const out = answer(operation, text ? (JSON.parse(text) as Record<string, unknown>) : {});
      res.writeHead(out.status, { 'content-type': out.type });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const cliEnv = (): Record<string, string> => ({
  AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
  AWS_ENDPOINT_URL_CLOUDWATCH: endpoint,
  AWS_ENDPOINT_URL_XRAY: endpoint,
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'local-secret',
});

describe('incidentiq analyze --source cloudwatch', () => {
  it('fetches the logs, the metrics and the traces through the standard endpoint configuration', async () => {
    const root = mkdtempSync(join(tmpdir(), 'incidentiq-cw-telemetry-'));
    const dir = join(root, 'incident');
    mkdirSync(dir);
    writeFileSync(join(dir, 'alarm.json'), JSON.stringify(alarm));
    try {
      const run = await runCli(
        ['analyze', dir, '--json', '--source', 'cloudwatch', '--home', join(root, 'home')],
        cliEnv(),
      );
      expect(run.code, run.stderr).toBe(0);
      // The alarm's Errors and the Duration ListMetrics found, two points each; one trace.
      expect(run.stderr).toContain('telemetry: 4 datapoints, 1 trace segments');
      expect(new Set(calls)).toEqual(
        new Set(['FilterLogEvents', 'ListMetrics', 'GetMetricData', '/TraceSummaries', '/Traces']),
      );
      const report = JSON.parse(run.stdout) as Report;
      expect(run.stderr).toContain(`fetched ${EVENTS.length} events from 1 log group(s)`);
      expect(report.stats.linesScanned).toBe(EVENTS.length);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
