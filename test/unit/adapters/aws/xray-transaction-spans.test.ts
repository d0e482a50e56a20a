import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  spanAsSegment,
  TransactionSpanSource,
} from '../../../../shared/adapters/aws/xray-transaction-spans.ts';
import type { Telemetry } from '../../../../shared/domain/telemetry.ts';
import { tracesOrElse } from '../../../../shared/ports/telemetry-source.ts';
import { ALARM_AT, END, request, START } from './telemetry-test-helpers.ts';

const logs = mockClient(CloudWatchLogsClient);
beforeEach(() => logs.reset());
afterAll(() => logs.restore());

const source = (options: Partial<ConstructorParameters<typeof TransactionSpanSource>[0]> = {}) =>
  new TransactionSpanSource({ client: new CloudWatchLogsClient({ region: 'us-west-2' }), ...options });

const TRACE = '69a5574c1f2e3d4c5b6a798887766554';
const span = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    resource: { attributes: { 'service.name': 'basket', 'cloud.provider': 'aws' } },
    traceId: TRACE,
    spanId: id,
    name: 'POST /basket/items',
    kind: 'SERVER',
    startTimeUnixNano: (ALARM_AT - 120_000) * 1e6,
    endTimeUnixNano: (ALARM_AT - 119_000) * 1e6,
    attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200 },
    status: { code: 'UNSET' },
    ...extra,
  });
const event = (message: string) => ({ timestamp: ALARM_AT - 120_000, message });

describe('TransactionSpanSource (aws/spans)', () => {
  it('reads the spans that name a service in play, page by page, each as the segment it stands for', async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [event(span('aa01'))], nextToken: 'p2' })
      .resolvesOnce({
        events: [
          event(
            span('aa02', {
              parentSpanId: 'aa01',
              attributes: { 'http.response.status_code': 503 },
              status: { code: 'ERROR' },
            }),
          ),
          event('not a span'),
          event('{"traceId": "x"}'),
        ],
      });

    const telemetry = await source().fetchTelemetry(request([], ['basket', 'stock']));

    const inputs = logs
      .commandCalls(FilterLogEventsCommand)
      .map((c) => c.args[0].input as FilterLogEventsCommandInput);
    expect(inputs[0]).toEqual({
      logGroupName: 'aws/spans',
      startTime: START,
      endTime: END,
      filterPattern: '?"basket" ?"stock"',
      nextToken: undefined,
    });
    expect(inputs[1]?.nextToken).toBe('p2');
    expect(telemetry.traces).toEqual([
      expect.objectContaining({
        trace_id: '1-69a5574c-1f2e3d4c5b6a798887766554',
        id: 'aa01',
        name: 'basket',
        start_time: (ALARM_AT - 120_000) / 1000,
        end_time: (ALARM_AT - 119_000) / 1000,
        http: { request: { method: 'POST' }, response: { status: 200 } },
        annotations: { span_name: 'POST /basket/items', span_kind: 'SERVER' },
      }),
      expect.objectContaining({
        id: 'aa02',
        parent_id: 'aa01',
        fault: true,
        http: { response: { status: 503 } },
      }),
    ]);
    expect(telemetry.traces[0]?.fault).toBeUndefined();
    expect(telemetry.notes).toEqual([
      '1 span(s) of aws/spans not used: not valid JSON.',
      '1 span(s) of aws/spans not used: not an OpenTelemetry span.',
    ]);
  });

  it('has nothing to say when Transaction Search is off (no aws/spans group)', async () => {
    logs
      .on(FilterLogEventsCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    expect(await source().fetchTelemetry(request([], ['basket']))).toEqual({
      metrics: [],
      traces: [],
      notes: [],
    });
  });

  it('stops at its bound on spans and says so', async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolves({ events: [event(span('b1')), event(span('b2'))], nextToken: 'more' });
    const telemetry = await source({ maxSpans: 3 }).fetchTelemetry(request([], ['basket']));
    expect(telemetry.traces.map((s) => s.id)).toEqual(['b1', 'b2', 'b1']);
    expect(telemetry.notes).toEqual([
      'Transaction Search spans stopped at 3 (bounds 3 spans, 200 pages): later spans were not read.',
    ]);
  });

  it('reads a client error as an error, 429 as throttling, an ERROR status without HTTP as a fault', () => {
    const seg = (extra: Record<string, unknown>) => spanAsSegment(JSON.parse(span('c1', extra)));
    expect(seg({ attributes: { 'http.response.status_code': 404 } })).toMatchObject({ error: true });
    expect(seg({ attributes: { 'http.response.status_code': 404 } })).not.toHaveProperty('fault');
    expect(seg({ attributes: { 'http.status_code': '429' } })).toMatchObject({ throttle: true, error: true });
    expect(seg({ attributes: {}, status: { code: 'ERROR' } })).toMatchObject({ fault: true });
    expect(spanAsSegment({ spanId: 'x' })).toBeNull();
  });
});

describe('tracesOrElse', () => {
  const fixed = (t: Telemetry) => ({ fetchTelemetry: async () => t });
  const seg = JSON.parse(span('d1')) as never;

  it('keeps the first source when it found traces, and asks the second only when it found none', async () => {
    let asked = 0;
    const second = {
      fetchTelemetry: async () => {
        asked++;
        return { metrics: [], traces: [seg], notes: ['from spans'] };
      },
    };
    const first = await tracesOrElse(fixed({ metrics: [], traces: [seg], notes: [] }), second).fetchTelemetry(
      request([]),
    );
    expect([first.traces.length, asked]).toEqual([1, 0]);
    const fallback = await tracesOrElse(
      fixed({ metrics: [], traces: [], notes: ['no X-Ray'] }),
      second,
    ).fetchTelemetry(request([]));
    expect(fallback).toEqual({ metrics: [], traces: [seg], notes: ['no X-Ray', 'from spans'] });
  });
});
