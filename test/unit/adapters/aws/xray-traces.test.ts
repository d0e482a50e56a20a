import {
  BatchGetTracesCommand,
  type BatchGetTracesCommandInput,
  GetTraceSummariesCommand,
  type GetTraceSummariesCommandInput,
  ThrottledException,
  type TraceSummary,
  XRayClient,
} from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { traceFilters } from '../../../../shared/adapters/aws/xray-filter.ts';
import { sampleTraces } from '../../../../shared/adapters/aws/xray-sample.ts';
import { XRayTraceSource } from '../../../../shared/adapters/aws/xray-traces.ts';
import { ALARM_AT, END, request, START } from './telemetry-test-helpers.ts';

const xray = mockClient(XRayClient);
beforeEach(() => xray.reset());
afterAll(() => xray.restore());

const source = (options: Partial<ConstructorParameters<typeof XRayTraceSource>[0]> = {}) =>
  new XRayTraceSource({ client: new XRayClient({ region: 'us-west-2' }), ...options });

const traceId = (n: number) => `1-69a5574c-${String(n).padStart(24, '0')}`;
const summary = (n: number, extra: Partial<TraceSummary> = {}): TraceSummary => ({
  Id: traceId(n),
  StartTime: new Date(ALARM_AT - 1_800_000 + n * 1000),
  ResponseTime: 0.05,
  ...extra,
});
const document = (n: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    trace_id: traceId(n),
    id: `seg${n}`,
    name: 'basket',
    start_time: (ALARM_AT - 1_800_000 + n * 1000) / 1000,
    end_time: (ALARM_AT - 1_800_000 + n * 1000) / 1000 + 0.05,
    ...extra,
  });

/** BatchGetTraces answering every id it is given with one segment. */
function serveTraces(): void {
  xray.on(BatchGetTracesCommand).callsFake((input: BatchGetTracesCommandInput) => ({
    Traces: (input.TraceIds ?? []).map((id) => ({
      Id: id,
      Segments: [{ Id: `s-${id}`, Document: document(Number(id.slice(-6))) }],
    })),
  }));
}

const summaryInputs = (): GetTraceSummariesCommandInput[] =>
  xray.commandCalls(GetTraceSummariesCommand).map((c) => c.args[0].input);
const batchInputs = (): BatchGetTracesCommandInput[] =>
  xray.commandCalls(BatchGetTracesCommand).map((c) => c.args[0].input);

describe('XRayTraceSource', () => {
  it("asks for the window's failed and all requests of the services, pages through both, reads the sample 5 ids a call", async () => {
    xray
      .on(GetTraceSummariesCommand, { FilterExpression: traceFilters(['basket', 'stock']).failed })
      .resolvesOnce({ TraceSummaries: [summary(1, { HasFault: true })], NextToken: 'f2' })
      .resolvesOnce({ TraceSummaries: [summary(2, { HasError: true })] });
    xray
      .on(GetTraceSummariesCommand, { FilterExpression: traceFilters(['basket', 'stock']).all })
      .resolvesOnce({ TraceSummaries: [1, 3, 4, 5].map((n) => summary(n)), NextToken: 'a2' })
      .resolvesOnce({ TraceSummaries: [6, 7, 8].map((n) => summary(n)) });
    serveTraces();

    const telemetry = await source().fetchTelemetry(request([], ['basket', 'stock']));

    expect(summaryInputs()).toEqual([
      {
        StartTime: new Date(START),
        EndTime: new Date(END),
        Sampling: false,
        FilterExpression:
          '(service("basket") OR service("stock")) AND (fault = true OR error = true OR throttle = true)',
        NextToken: undefined,
      },
      expect.objectContaining({ NextToken: 'f2' }),
      expect.objectContaining({
        FilterExpression: 'service("basket") OR service("stock")',
        NextToken: undefined,
      }),
      expect.objectContaining({ NextToken: 'a2' }),
    ]);
    expect(batchInputs().map((i) => i.TraceIds?.length)).toEqual([5, 3]);
    expect(batchInputs()[0]?.TraceIds?.slice(0, 2)).toEqual([traceId(1), traceId(2)]);
    expect(telemetry.traces.map((s) => s.id).sort()).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `seg${n}`).sort(),
    );
    expect(telemetry.notes).toEqual([]);
  });

  it('keeps subsegments, follows BatchGetTraces paging and counts unprocessed ids and bad documents', async () => {
    xray.on(GetTraceSummariesCommand).resolves({ TraceSummaries: [summary(1), summary(2), summary(3)] });
    xray
      .on(BatchGetTracesCommand)
      .resolvesOnce({
        Traces: [
          {
            Id: traceId(1),
            Segments: [
              {
                Id: 'seg1',
                Document: document(1, {
                  fault: true,
                  subsegments: [
                    {
                      id: 'sub1',
                      name: 'stock',
                      start_time: 1,
                      end_time: 2,
                      namespace: 'remote',
                      fault: true,
                    },
                  ],
                }),
              },
              { Id: 'broken', Document: '{"trace_id": "1-' },
            ],
          },
        ],
        NextToken: 'next',
      })
      .resolvesOnce({
        Traces: [
          { Id: traceId(2), Segments: [{ Id: 'seg2', Document: document(2, { parent_id: 'elsewhere' }) }] },
        ],
        UnprocessedTraceIds: [traceId(3)],
      });

    const telemetry = await source().fetchTelemetry(request([], ['basket']));

    expect(batchInputs().map((i) => i.NextToken)).toEqual([undefined, 'next']);
    expect(telemetry.traces.map((s) => s.id)).toEqual(['seg1', 'seg2']);
    expect(telemetry.traces[0]?.subsegments?.[0]).toMatchObject({
      name: 'stock',
      namespace: 'remote',
      fault: true,
    });
    expect(telemetry.notes).toEqual([
      '1 segment(s) of X-Ray not used: a document that is not valid JSON.',
      '1 trace(s) of X-Ray not used: left unprocessed by BatchGetTraces.',
    ]);
  });

  it('reads a bounded sample, says how many it left, and goes on when a call still fails after the SDK retries', async () => {
    const throttled = () => new ThrottledException({ message: 'Rate exceeded', $metadata: { attempts: 3 } });
    xray.on(GetTraceSummariesCommand).rejects(throttled());
    const summaries = Array.from({ length: 40 }, (_, i) => summary(i + 1));
    xray
      .on(GetTraceSummariesCommand, { FilterExpression: 'service("basket")' })
      .resolves({ TraceSummaries: summaries });
    serveTraces();
    xray
      .on(BatchGetTracesCommand, { TraceIds: sampleTraces(summaries, 20).slice(0, 5) })
      .rejects(throttled());

    const telemetry = await source({ maxTraces: 20 }).fetchTelemetry(request([], ['basket']));

    expect(batchInputs()).toHaveLength(4);
    expect(telemetry.traces).toHaveLength(15);
    expect(telemetry.notes).toEqual([
      'X-Ray GetTraceSummaries failed for failed requests (ThrottledException: Rate exceeded): those traces were not read.',
      'X-Ray: 20 of 40 traces were read in full (failed first, then the slowest, then a spread of the others).',
      '5 trace(s) of X-Ray not used: BatchGetTraces failed (ThrottledException: Rate exceeded).',
    ]);
  });

  it('leaves out of the filter a service name it cannot quote, and says so', () => {
    expect(traceFilters(['basket', 'evil") OR service("x', ' '])).toEqual({
      all: 'service("basket")',
      failed: '(service("basket")) AND (fault = true OR error = true OR throttle = true)',
      skipped: ['evil") OR service("x'],
    });
    expect(traceFilters([]).all).toBeUndefined();
  });
});

describe('sampleTraces', () => {
  it('takes the failed first, then the slowest, then spreads the rest over the window', () => {
    const all = [
      ...Array.from({ length: 10 }, (_, i) => summary(i, { ResponseTime: 0.01 })),
      summary(20, { ResponseTime: 9 }),
      summary(21, { HasThrottle: true }),
      summary(22, { HasFault: true }),
      summary(22, { HasFault: true }),
    ];
    const ids = sampleTraces(all, 4);
    expect(ids.slice(0, 3)).toEqual([traceId(21), traceId(22), traceId(20)]);
    expect(ids).toHaveLength(4);
    expect(sampleTraces(all, 100)).toHaveLength(13);
  });
});
