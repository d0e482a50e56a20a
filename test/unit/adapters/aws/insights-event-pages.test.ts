import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CloudWatchLogsFetcher,
  type CloudWatchLogsFetcherOptions,
} from '../../../../shared/adapters/aws/cloudwatch-logs-fetcher.ts';
import { INSIGHTS_QUERY } from '../../../../shared/adapters/aws/insights-rows.ts';
import {
  collect,
  fakeTime,
  notFound,
  row,
  T0,
  throttled,
  tooManyQueries,
} from './cloudwatch-test-helpers.ts';

const cw = mockClient(CloudWatchLogsClient);
const S0 = T0 / 1000;

beforeEach(() => {
  cw.reset();
});

function fetcher(options: Partial<CloudWatchLogsFetcherOptions> = {}) {
  const time = fakeTime(1_000_000);
  const instance = new CloudWatchLogsFetcher({
    client: new CloudWatchLogsClient({ region: 'eu-west-1' }),
    sleep: time.sleep,
    clock: time.clock,
    pollIntervalMs: 1_000,
    ...options,
  });
  return { fetcher: instance, time };
}

function startInputs() {
  return cw.commandCalls(StartQueryCommand).map((c) => c.args[0].input);
}

const fullResult = (at: number) => Array.from({ length: 10_000 }, (_, i) => row(at, '/ecs/a', `row ${i}`));

describe('CloudWatchLogsFetcher.fetchWithInsights', () => {
  it('starts a query, polls until Complete and maps the rows back to events', async () => {
    cw.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    cw.on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Scheduled' })
      .resolvesOnce({ status: 'Running', results: [] })
      .resolvesOnce({
        status: 'Complete',
        results: [
          row(T0 + 1_500, '/ecs/payments', 'pool exhausted', 'ecs/payments/abc'),
          row(T0 + 2_250, '/aws/lambda/checkout', 'Task timed out', '2026/04/08/[$LATEST]f00'),
          // Same second as the window's end, but after it: outside the window.
          row(T0 + 59_999, '/ecs/payments', 'too late'),
        ],
      });
    const { fetcher: f, time } = fetcher({ insightsSliceMs: 60_000 });

    const { events, outcome } = f.fetchWithInsights({
      logGroups: ['/ecs/payments', '/aws/lambda/checkout'],
      startTime: T0,
      endTime: T0 + 59_000,
    });
    const read = await collect(events);

    expect(read).toStrictEqual([
      {
        logGroup: '/ecs/payments',
        logStream: 'ecs/payments/abc',
        timestamp: T0 + 1_500,
        message: 'pool exhausted',
      },
      {
        logGroup: '/aws/lambda/checkout',
        logStream: '2026/04/08/[$LATEST]f00',
        timestamp: T0 + 2_250,
        message: 'Task timed out',
      },
    ]);
    expect(startInputs()).toStrictEqual([
      {
        logGroupNames: ['/ecs/payments', '/aws/lambda/checkout'],
        startTime: S0,
        endTime: S0 + 59,
        queryString: INSIGHTS_QUERY,
      },
    ]);
    expect(INSIGHTS_QUERY).toBe(
      'fields @timestamp, @message, @logStream, @log | sort @timestamp asc | limit 10000',
    );
    expect(cw.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toStrictEqual([
      { queryId: 'q-1' },
      { queryId: 'q-1' },
      { queryId: 'q-1' },
    ]);
    expect(time.sleeps).toStrictEqual([1_000, 1_000]);
    expect(cw.commandCalls(StopQueryCommand)).toHaveLength(0);
    expect(outcome).toStrictEqual({
      events: 2,
      bytes: 'pool exhausted'.length + 'Task timed out'.length,
      truncated: false,
      notes: [],
    });
  });

  it('stops a query that runs past insightsTimeoutMs and says which part was not read', async () => {
    cw.on(StartQueryCommand).resolves({ queryId: 'slow' });
    cw.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    cw.on(StopQueryCommand).resolves({ success: true });
    const { fetcher: f, time } = fetcher({ insightsTimeoutMs: 5_000, insightsSliceMs: 3_600_000 });

    const { events, outcome } = f.fetchWithInsights({
      logGroups: ['/ecs/a'],
      startTime: T0,
      endTime: T0 + 3_599_999,
    });
    const read = await collect(events);

    expect(read).toStrictEqual([]);
    // Polled at 0, 1, 2, 3, 4 and 5 s; stopped at 5 s.
    expect(cw.commandCalls(GetQueryResultsCommand)).toHaveLength(6);
    expect(time.sleeps).toStrictEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
    expect(cw.commandCalls(StopQueryCommand).map((c) => c.args[0].input)).toStrictEqual([
      { queryId: 'slow' },
    ]);
    expect(outcome.notes).toStrictEqual([
      'Logs Insights query on /ecs/a did not finish within 5 s and was stopped: ' +
        `${new Date(T0).toISOString()} to ${new Date(T0 + 3_600_000).toISOString()} was not read.`,
    ]);
    expect(outcome.truncated).toBe(false);
  });

  it('halves a slice whose result reaches 10,000 rows and discards that result', async () => {
    cw.on(StartQueryCommand)
      .resolvesOnce({ queryId: 'whole' })
      .resolvesOnce({ queryId: 'first-half' })
      .resolvesOnce({ queryId: 'second-half' });
    cw.on(GetQueryResultsCommand, { queryId: 'whole' }).resolves({
      status: 'Complete',
      results: fullResult(T0 + 10_000),
    });
    cw.on(GetQueryResultsCommand, { queryId: 'first-half' }).resolves({
      status: 'Complete',
      results: [row(T0 + 10_000, '/ecs/a', 'early 1'), row(T0 + 49_999, '/ecs/a', 'early 2')],
    });
    cw.on(GetQueryResultsCommand, { queryId: 'second-half' }).resolves({
      status: 'Complete',
      results: [row(T0 + 50_000, '/ecs/a', 'late')],
    });
    const { fetcher: f } = fetcher({ insightsSliceMs: 100_000 });

    const { events, outcome } = f.fetchWithInsights({
      logGroups: ['/ecs/a'],
      startTime: T0,
      endTime: T0 + 99_999,
    });
    const read = await collect(events);

    expect(read.map((e) => e.message)).toStrictEqual(['early 1', 'early 2', 'late']);
    expect(startInputs().map((i) => [i.startTime, i.endTime])).toStrictEqual([
      [S0, S0 + 99],
      [S0, S0 + 49],
      [S0 + 50, S0 + 99],
    ]);
    expect(outcome).toMatchObject({ events: 3, truncated: false, notes: [] });
  });

  it('widens the next slice after a sparse one and keeps the width after a well-filled one', async () => {
    cw.on(StartQueryCommand)
      .resolvesOnce({ queryId: 'sparse' })
      .resolvesOnce({ queryId: 'busy' })
      .resolvesOnce({ queryId: 'rest' });
    cw.on(GetQueryResultsCommand, { queryId: 'sparse' }).resolves({ status: 'Complete', results: [] });
    cw.on(GetQueryResultsCommand, { queryId: 'busy' }).resolves({
      status: 'Complete',
      results: Array.from({ length: 2_500 }, () => row(T0 + 20_000, '/ecs/a', 'x')),
    });
    cw.on(GetQueryResultsCommand, { queryId: 'rest' }).resolves({ status: 'Complete', results: [] });
    const { fetcher: f } = fetcher({ insightsSliceMs: 10_000 });

    await collect(f.fetchWithInsights({ logGroups: ['/ecs/a'], startTime: T0, endTime: T0 + 49_999 }).events);

    expect(startInputs().map((i) => [i.startTime, i.endTime])).toStrictEqual([
      [S0, S0 + 9],
      [S0 + 10, S0 + 29],
      [S0 + 30, S0 + 49],
    ]);
  });

  it('keeps the first 10,000 rows of a single second that holds more, and says so', async () => {
    cw.on(StartQueryCommand).resolves({ queryId: 'q' });
    cw.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: fullResult(T0 + 100) });
    const { fetcher: f } = fetcher();

    const { events, outcome } = f.fetchWithInsights({
      logGroups: ['/ecs/a'],
      startTime: T0,
      endTime: T0 + 999,
    });
    const read = await collect(events);

    expect(read).toHaveLength(10_000);
    expect(cw.commandCalls(StartQueryCommand)).toHaveLength(1);
    expect(outcome.notes).toStrictEqual([
      `/ecs/a logged more than 10,000 events in the second at ${new Date(T0).toISOString()}: ` +
        'only the first 10,000 were read.',
    ]);
  });

  it('notes a query that ends Failed and reads nothing more of its groups', async () => {
    cw.on(StartQueryCommand).resolves({ queryId: 'q' });
    cw.on(GetQueryResultsCommand).resolves({ status: 'Failed' });
    const { fetcher: f } = fetcher({ insightsSliceMs: 10_000 });

    const { events, outcome } = f.fetchWithInsights({
      logGroups: ['/ecs/a'],
      startTime: T0,
      endTime: T0 + 59_999,
    });
    await collect(events);

    expect(cw.commandCalls(StartQueryCommand)).toHaveLength(1);
    expect(outcome.notes).toStrictEqual([
      'Logs Insights query on /ecs/a ended with status Failed: ' +
        `${new Date(T0).toISOString()} to ${new Date(T0 + 60_000).toISOString()} was not read.`,
    ]);
  });

  it('gives up with a note when StartQuery is still refused after the SDK client’s retries', async () => {
    cw.on(StartQueryCommand).rejects(tooManyQueries(3));
    const { fetcher: f, time } = fetcher();

    const { events, outcome } = f.fetchWithInsights({
      logGroups: ['/ecs/a'],
      startTime: T0,
      endTime: T0 + 999,
    });
    await collect(events);

    expect(cw.commandCalls(StartQueryCommand)).toHaveLength(1);
    expect(time.sleeps).toStrictEqual([]);
    expect(outcome.notes).toStrictEqual([
      'gave up on the Logs Insights query on /ecs/a: still throttled or unavailable after 3 attempts ' +
        '(LimitExceededException: too many concurrent queries); ' +
        `${new Date(T0).toISOString()} to ${new Date(T0 + 1_000).toISOString()} was not read.`,
    ]);
  });

  it('stops a query whose polling is still throttled after the SDK client’s retries', async () => {
    cw.on(StartQueryCommand).resolves({ queryId: 'q' });
    cw.on(GetQueryResultsCommand).rejects(throttled(2));
    cw.on(StopQueryCommand).resolves({ success: true });
    const { fetcher: f } = fetcher();

    const { events, outcome } = f.fetchWithInsights({
      logGroups: ['/ecs/a'],
      startTime: T0,
      endTime: T0 + 999,
    });
    await collect(events);

    expect(cw.commandCalls(StopQueryCommand).map((c) => c.args[0].input)).toStrictEqual([{ queryId: 'q' }]);
    expect(outcome.notes).toHaveLength(1);
    expect(outcome.notes[0]).toMatch(/^gave up on the Logs Insights query on \/ecs\/a: .* after 2 attempts/);
  });

  it('queries groups one by one when a batch names a missing group, and skips that group', async () => {
    cw.on(StartQueryCommand, { logGroupNames: ['/ecs/a', '/ecs/gone'] }).rejects(notFound());
    cw.on(StartQueryCommand, { logGroupNames: ['/ecs/gone'] }).rejects(notFound());
    cw.on(StartQueryCommand, { logGroupNames: ['/ecs/a'] }).resolves({ queryId: 'qa' });
    cw.on(GetQueryResultsCommand, { queryId: 'qa' }).resolves({
      status: 'Complete',
      results: [row(T0 + 1, '/ecs/a', 'from a')],
    });
    const { fetcher: f } = fetcher();

    const { events, outcome } = f.fetchWithInsights({
      logGroups: ['/ecs/a', '/ecs/gone'],
      startTime: T0,
      endTime: T0 + 999,
    });
    const read = await collect(events);

    expect(read.map((e) => e.message)).toStrictEqual(['from a']);
    expect(startInputs().map((i) => i.logGroupNames)).toStrictEqual([
      ['/ecs/a', '/ecs/gone'],
      ['/ecs/a'],
      ['/ecs/gone'],
    ]);
    expect(outcome.notes).toStrictEqual(['log group /ecs/gone was not found: skipped.']);
  });

  it('queries at most 50 groups at a time', async () => {
    const groups = Array.from({ length: 120 }, (_, i) => `/ecs/g${i}`);
    cw.on(StartQueryCommand).resolves({ queryId: 'q' });
    cw.on(GetQueryResultsCommand).resolves({ status: 'Complete', results: [] });
    const { fetcher: f } = fetcher();

    await collect(f.fetchWithInsights({ logGroups: groups, startTime: T0, endTime: T0 + 999 }).events);

    expect(startInputs().map((i) => i.logGroupNames)).toStrictEqual([
      groups.slice(0, 50),
      groups.slice(50, 100),
      groups.slice(100),
    ]);
  });

  it('applies the event cap to Insights rows too', async () => {
    cw.on(StartQueryCommand).resolves({ queryId: 'q' });
    cw.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: [row(T0 + 1, '/ecs/a', 'a'), row(T0 + 2, '/ecs/a', 'b'), row(T0 + 3, '/ecs/a', 'c')],
    });
    const { fetcher: f } = fetcher({ maxEvents: 2 });

    const { events, outcome } = f.fetchWithInsights({
      logGroups: ['/ecs/a'],
      startTime: T0,
      endTime: T0 + 999,
    });
    const read = await collect(events);

    expect(read.map((e) => e.message)).toStrictEqual(['a', 'b']);
    expect(outcome.truncated).toBe(true);
    expect(outcome.notes).toStrictEqual(['stopped after 2 events (cap): the window was not read to its end']);
  });
});
