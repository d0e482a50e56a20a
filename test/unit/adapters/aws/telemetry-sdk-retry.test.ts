import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { XRayClient } from '@aws-sdk/client-xray';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchMetricsSource } from '../../../../shared/adapters/aws/cloudwatch-metrics-source.ts';
import { XRayTraceSource } from '../../../../shared/adapters/aws/xray-traces.ts';
import { ALARM_AT, plainQuery, request, START } from './telemetry-test-helpers.ts';

/**
 * A local stand-in for the CloudWatch and X-Ray endpoints that throttles the first call of each
 * operation, then answers: the SDK clients run their whole stack (signing, protocol, retry
 * strategy), so the retry under test is the SDK's own.
 */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}
type Script = (operation: string, body: Record<string, unknown>) => Answer;

let server: Server;
let endpoint: string;
let script: Script;
const calls: string[] = [];

function operationOf(req: IncomingMessage): string {
  const target = req.headers['x-amz-target'];
  return typeof target === 'string' ? (target.split('.').pop() ?? target) : (req.url ?? '');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const operation = operationOf(req);
      calls.push(operation);
      const text = Buffer.concat(chunks).toString('utf8');
      const answer = script(operation, text ? (JSON.parse(text) as Record<string, unknown>) : {});
      res.writeHead(answer.status, answer.headers);
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  calls.length = 0;
});

const config = () => ({
  endpoint,
  region: 'us-west-2',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' },
});

const JSON10 = { 'content-type': 'application/x-amz-json-1.0' };
const REST_JSON = { 'content-type': 'application/json' };

/** Throttles the first call of each operation, then lets `ok` answer. */
function throttleFirst(throttle: (operation: string) => Answer, ok: Script): Script {
  const seen = new Set<string>();
  return (operation, body) => {
    if (seen.has(operation)) return ok(operation, body);
    seen.add(operation);
    return throttle(operation);
  };
}

describe('telemetry through the SDK clients', () => {
  it('CloudWatch: a throttled ListMetrics and GetMetricData are retried by the SDK, then read', async () => {
    script = throttleFirst(
      () => ({
        status: 400,
        headers: { ...JSON10, 'x-amzn-query-error': 'Throttling;Sender' },
        body: { __type: 'Throttling', message: 'Rate exceeded' },
      }),
      (operation) => ({
        status: 200,
        headers: JSON10,
        body:
          operation === 'GetMetricData'
            ? {
                MetricDataResults: [
                  { Id: 'm1', Timestamps: [START / 1000], Values: [812], StatusCode: 'Complete' },
                ],
              }
            : { Metrics: [] },
      }),
    );
    const source = new CloudWatchMetricsSource({
      client: new CloudWatchClient(config()),
      now: () => ALARM_AT,
    });
    const telemetry = await source.fetchTelemetry(
      request([plainQuery('m1', 'TargetResponseTime', { LoadBalancer: 'app/basket/1' })]),
    );
    expect(telemetry.metrics.map((m) => [m.timestamp, m.value])).toEqual([[START, 812]]);
    expect(telemetry.notes).toEqual([]);
    expect(calls).toEqual(['ListMetrics', 'ListMetrics', 'GetMetricData', 'GetMetricData']);
  });

  it('X-Ray: throttled GetTraceSummaries and BatchGetTraces are retried by the SDK, then read', async () => {
    const id = '1-69a5574c-000000000000000000000001';
    script = throttleFirst(
      () => ({
        status: 429,
        headers: { ...REST_JSON, 'x-amzn-errortype': 'ThrottledException' },
        body: { Message: 'Rate exceeded' },
      }),
      (operation) => ({
        status: 200,
        headers: REST_JSON,
        body:
          operation === '/TraceSummaries'
            ? { TraceSummaries: [{ Id: id, HasFault: true, ResponseTime: 2.5 }] }
            : {
                Traces: [
                  {
                    Id: id,
                    Segments: [
                      {
                        Id: 'a',
                        Document: JSON.stringify({
                          trace_id: id,
                          id: 'a',
                          name: 'basket',
                          start_time: START / 1000 + 60,
                          end_time: START / 1000 + 62.5,
                          fault: true,
                        }),
                      },
                    ],
                  },
                ],
              },
      }),
    );
    const source = new XRayTraceSource({ client: new XRayClient(config()) });
    const telemetry = await source.fetchTelemetry(request([], ['basket']));
    expect(telemetry.traces.map((s) => [s.id, s.fault])).toEqual([['a', true]]);
    expect(telemetry.notes).toEqual([]);
    expect(calls).toEqual(['/TraceSummaries', '/TraceSummaries', '/TraceSummaries', '/Traces', '/Traces']);
  });
});
