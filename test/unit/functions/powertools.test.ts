import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from './lambda-context.ts';

/** Dev mode: Powertools writes logs and EMF through the global console, which the test reads. */
const ENV = {
  REPORT_BUCKET: 'reports-bucket',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:incidentiq',
  INCIDENT_TABLE: 'incidents',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  // What Lambda sets for on-demand execution environments: Powertools counts cold starts only there.
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
};
const saved = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));
const s3 = mockClient(S3Client);

beforeAll(() => {
  Object.assign(process.env, ENV);
});

afterAll(() => {
  s3.restore();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

beforeEach(() => {
  s3.reset();
  vi.restoreAllMocks();
  // A fresh execution environment per test: new Powertools instances, a new cold start.
  vi.resetModules();
});

/** Every JSON line Powertools printed (logs and EMF) while `act` ran. */
async function printed(act: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: unknown[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((line: unknown) => void lines.push(line));
  }
  await act().catch(() => undefined);
  vi.restoreAllMocks();
  return lines
    .map((line) => {
      try {
        return JSON.parse(String(line)) as Record<string, unknown>;
      } catch {
        return null;
      }
    })
    .filter((line): line is Record<string, unknown> => line !== null);
}

const STATE = { incidentId: 'INC-1234abcd', alarmKey: 'incidents/INC-1234abcd/alarm.json' };

describe('a step Lambda on Powertools', () => {
  it('logs with the request id, the cold start and the incident id as correlation id; the keys end with the invocation', async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('no such key'), { name: 'NoSuchKey' }));
    s3.on(PutObjectCommand).resolves({});
    const { handler } = await import('../../../functions/analyze.ts');
    const { logger } = await import('../../../functions/powertools.ts');

    const first = await printed(() => handler({ ...STATE, eventsKey: 'e' }, lambdaContext('req-1')));
    const second = await printed(() => handler({ ...STATE, eventsKey: 'e' }, lambdaContext('req-2')));

    const failed = (lines: Record<string, unknown>[]) => lines.find((l) => l.message === 'step failed');
    expect(failed(first)).toMatchObject({
      function_request_id: 'req-1',
      cold_start: true,
      correlation_id: 'INC-1234abcd',
      incidentId: 'INC-1234abcd',
      step: 'analyze',
    });
    expect(failed(second)).toMatchObject({ function_request_id: 'req-2', cold_start: false });
    // resetKeys: nothing of the invocation stays on the logger.
    const after = await printed(async () => logger.info('between invocations'));
    expect(after[0]).not.toHaveProperty('incidentId');
    expect(after[0]).not.toHaveProperty('step');
  });

  it('publishes a ColdStart metric on the first invocation only, and the step outcome each time', async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('no such key'), { name: 'NoSuchKey' }));
    const { handler } = await import('../../../functions/find-similar.ts');

    const first = await printed(() => handler({ ...STATE, offlineReportKey: 'x' }, lambdaContext('a')));
    const second = await printed(() => handler({ ...STATE, offlineReportKey: 'x' }, lambdaContext('b')));

    const metricNames = (lines: Record<string, unknown>[]) =>
      lines
        .filter((l) => l._aws !== undefined)
        .flatMap((l) =>
          (
            (l._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics ?? []
          ).flatMap((m) => m.Metrics.map((x) => x.Name)),
        );
    expect(metricNames(first)).toEqual(expect.arrayContaining(['ColdStart', 'find-similar.failed']));
    expect(metricNames(second)).toContain('find-similar.failed');
    expect(metricNames(second)).not.toContain('ColdStart');
  });
});
