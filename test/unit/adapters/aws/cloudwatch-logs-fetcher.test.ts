import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CloudWatchLogsFetcher,
  type CloudWatchLogsFetcherOptions,
  createCloudWatchLogsClient,
  projectedEvents,
} from '../../../../shared/adapters/aws/cloudwatch-logs-fetcher.ts';
import { accessDenied, collect, fakeTime, notFound, row, T0, throttled } from './cloudwatch-test-helpers.ts';

const cw = mockClient(CloudWatchLogsClient);
const WINDOW = { startTime: T0, endTime: T0 + 3_600_000 };

beforeEach(() => {
  cw.reset();
});

function fetcher(options: Partial<CloudWatchLogsFetcherOptions> = {}) {
  const time = fakeTime();
  const instance = new CloudWatchLogsFetcher({
    client: new CloudWatchLogsClient({ region: 'eu-west-1' }),
    sleep: time.sleep,
    clock: time.clock,
    ...options,
  });
  return { fetcher: instance, time };
}

const ev = (id: string, at: number, message: string, stream = 'stream-1') => ({
  eventId: id,
  timestamp: at,
  ingestionTime: at + 7,
  logStreamName: stream,
  message,
});

function filterInputs(): unknown[] {
  return cw.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input);
}

describe('CloudWatchLogsFetcher with FilterLogEvents', () => {
  it('follows nextToken through every page of every group and maps each event', async () => {
    cw.on(FilterLogEventsCommand, { logGroupName: '/ecs/a' })
      .resolvesOnce({ events: [ev('a1', T0 + 1, 'one'), ev('a2', T0 + 2, 'two')], nextToken: 'a-p2' })
      .resolvesOnce({ events: [ev('a3', T0 + 3, 'three', 'stream-2')], nextToken: 'a-p3' })
      .resolvesOnce({ events: [ev('a4', T0 + 4, 'four')] });
    cw.on(FilterLogEventsCommand, { logGroupName: '/aws/lambda/b' })
      .resolvesOnce({ events: [], nextToken: 'b-p2' })
      .resolvesOnce({ events: [ev('b1', T0 + 5, 'héllo')] });
    const { fetcher: f } = fetcher();

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/a', '/aws/lambda/b'], ...WINDOW });
    const read = await collect(events);

    expect(read).toStrictEqual([
      {
        logGroup: '/ecs/a',
        logStream: 'stream-1',
        timestamp: T0 + 1,
        message: 'one',
        ingestionTime: T0 + 8,
        eventId: 'a1',
      },
      {
        logGroup: '/ecs/a',
        logStream: 'stream-1',
        timestamp: T0 + 2,
        message: 'two',
        ingestionTime: T0 + 9,
        eventId: 'a2',
      },
      {
        logGroup: '/ecs/a',
        logStream: 'stream-2',
        timestamp: T0 + 3,
        message: 'three',
        ingestionTime: T0 + 10,
        eventId: 'a3',
      },
      {
        logGroup: '/ecs/a',
        logStream: 'stream-1',
        timestamp: T0 + 4,
        message: 'four',
        ingestionTime: T0 + 11,
        eventId: 'a4',
      },
      {
        logGroup: '/aws/lambda/b',
        logStream: 'stream-1',
        timestamp: T0 + 5,
        message: 'héllo',
        ingestionTime: T0 + 12,
        eventId: 'b1',
      },
    ]);
    const base = { startTime: WINDOW.startTime, endTime: WINDOW.endTime, limit: 10_000 };
    expect(filterInputs()).toStrictEqual([
      { logGroupName: '/ecs/a', ...base },
      { logGroupName: '/ecs/a', ...base, nextToken: 'a-p2' },
      { logGroupName: '/ecs/a', ...base, nextToken: 'a-p3' },
      { logGroupName: '/aws/lambda/b', ...base },
      { logGroupName: '/aws/lambda/b', ...base, nextToken: 'b-p2' },
    ]);
    expect(outcome).toStrictEqual({
      events: 5,
      bytes: 3 + 3 + 5 + 4 + 6, // 'héllo' is 6 bytes in UTF-8
      truncated: false,
      notes: [],
    });
    expect(cw.commandCalls(StartQueryCommand)).toHaveLength(0);
  });

  it('reads each group once when the request names it twice', async () => {
    cw.on(FilterLogEventsCommand).resolves({ events: [ev('a1', T0, 'x')] });
    const { fetcher: f } = fetcher();

    const read = await collect(f.fetch({ logGroups: ['/ecs/a', '/ecs/a'], ...WINDOW }).events);

    expect(read).toHaveLength(1);
    expect(filterInputs()).toHaveLength(1);
  });

  it('skips events without a timestamp and says how many', async () => {
    cw.on(FilterLogEventsCommand).resolves({
      events: [ev('a1', T0, 'kept'), { eventId: 'a2', message: 'no time' }],
    });
    const { fetcher: f } = fetcher();

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/a'], ...WINDOW });
    const read = await collect(events);

    expect(read.map((e) => e.message)).toStrictEqual(['kept']);
    expect(outcome.notes).toStrictEqual([
      '1 event(s) of log group /ecs/a had no timestamp and were skipped.',
    ]);
  });

  it('gives up a group the SDK client found still throttled, says after how many attempts, and reads the other groups', async () => {
    // The SDK client retried (SDK_RETRY); its error carries the attempts it made.
    cw.on(FilterLogEventsCommand, { logGroupName: '/ecs/hot' }).rejects(throttled(4));
    cw.on(FilterLogEventsCommand, { logGroupName: '/ecs/calm' }).resolves({ events: [ev('c1', T0, 'calm')] });
    const { fetcher: f, time } = fetcher();

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/hot', '/ecs/calm'], ...WINDOW });
    const read = await collect(events);

    expect(read.map((e) => [e.logGroup, e.message])).toStrictEqual([['/ecs/calm', 'calm']]);
    // No retry of its own on top of the SDK's.
    expect(cw.commandCalls(FilterLogEventsCommand, { logGroupName: '/ecs/hot' })).toHaveLength(1);
    expect(time.sleeps).toStrictEqual([]);
    expect(outcome.notes).toStrictEqual([
      'gave up on log group /ecs/hot: still throttled or unavailable after 4 attempts ' +
        '(ThrottlingException: Rate exceeded); the rest of its window was not read.',
    ]);
    expect(outcome.truncated).toBe(false);
  });

  it('keeps the pages read before a group was given up and says how far it got', async () => {
    cw.on(FilterLogEventsCommand)
      .resolvesOnce({ events: [ev('a1', T0, 'one'), ev('a2', T0 + 1, 'two')], nextToken: 'p2' })
      .rejects(throttled(2));
    const { fetcher: f } = fetcher();

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/a'], ...WINDOW });
    const read = await collect(events);

    expect(read).toHaveLength(2);
    expect(outcome.events).toBe(2);
    expect(outcome.notes).toStrictEqual([
      'gave up on log group /ecs/a after 2 events: still throttled or unavailable after 2 attempts ' +
        '(ThrottlingException: Rate exceeded); the rest of its window was not read.',
    ]);
  });

  it('notes a server error (5xx) left after the SDK client’s retries as throttled or unavailable', async () => {
    const serverError = Object.assign(new Error('internal failure'), {
      name: 'InternalFailure',
      $metadata: { httpStatusCode: 500 },
    });
    cw.on(FilterLogEventsCommand).rejects(serverError);
    const { fetcher: f } = fetcher();

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/a'], ...WINDOW });
    await collect(events);

    expect(outcome.notes).toStrictEqual([
      'gave up on log group /ecs/a: throttled or unavailable (InternalFailure: internal failure); ' +
        'the rest of its window was not read.',
    ]);
  });

  it('skips a missing log group with a note naming it, without retrying or throwing', async () => {
    cw.on(FilterLogEventsCommand, { logGroupName: '/ecs/gone' }).rejects(notFound());
    cw.on(FilterLogEventsCommand, { logGroupName: '/ecs/here' }).resolves({ events: [ev('h1', T0, 'here')] });
    const { fetcher: f, time } = fetcher();

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/gone', '/ecs/here'], ...WINDOW });
    const read = await collect(events);

    expect(read.map((e) => e.logGroup)).toStrictEqual(['/ecs/here']);
    expect(cw.commandCalls(FilterLogEventsCommand, { logGroupName: '/ecs/gone' })).toHaveLength(1);
    expect(time.sleeps).toStrictEqual([]);
    expect(outcome.notes).toStrictEqual(['log group /ecs/gone was not found: skipped.']);
  });

  it('does not retry a permission error and notes it', async () => {
    cw.on(FilterLogEventsCommand).rejects(accessDenied());
    const { fetcher: f, time } = fetcher();

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/secret'], ...WINDOW });
    await collect(events);

    expect(filterInputs()).toHaveLength(1);
    expect(time.sleeps).toStrictEqual([]);
    expect(outcome.notes).toStrictEqual([
      'log group /ecs/secret could not be read (AccessDeniedException: not authorized to perform: ' +
        'logs:FilterLogEvents); the rest of its window was not read.',
    ]);
  });

  it('stops at the event cap, marks the outcome truncated and reads no further page or group', async () => {
    cw.on(FilterLogEventsCommand, { logGroupName: '/ecs/a' })
      .resolvesOnce({ events: [ev('1', T0, 'a'), ev('2', T0, 'b'), ev('3', T0, 'c')], nextToken: 'p2' })
      .resolvesOnce({ events: [ev('4', T0, 'd'), ev('5', T0, 'e'), ev('6', T0, 'f')], nextToken: 'p3' })
      .resolvesOnce({ events: [ev('7', T0, 'g')] });
    cw.on(FilterLogEventsCommand, { logGroupName: '/ecs/b' }).resolves({ events: [ev('8', T0, 'h')] });
    const { fetcher: f } = fetcher({ maxEvents: 5 });

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/a', '/ecs/b'], ...WINDOW });
    const read = await collect(events);

    expect(read.map((e) => e.message)).toStrictEqual(['a', 'b', 'c', 'd', 'e']);
    expect(outcome).toStrictEqual({
      events: 5,
      bytes: 5,
      truncated: true,
      notes: ['stopped after 5 events (cap): the window was not read to its end'],
    });
    expect(filterInputs()).toHaveLength(2);
  });

  it('writes the cap with thousands separators', async () => {
    cw.on(FilterLogEventsCommand).resolves({
      events: Array.from({ length: 1_001 }, (_, i) => ev(String(i), T0 + i, 'x')),
    });
    const { fetcher: f } = fetcher({ maxEvents: 1_000 });

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/a'], ...WINDOW });
    await collect(events);

    expect(outcome.notes).toStrictEqual([
      'stopped after 1,000 events (cap): the window was not read to its end',
    ]);
  });

  it('is not truncated when the window holds exactly the cap', async () => {
    cw.on(FilterLogEventsCommand).resolves({ events: [ev('1', T0, 'a'), ev('2', T0, 'b')] });
    const { fetcher: f } = fetcher({ maxEvents: 2 });

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/a'], ...WINDOW });
    await collect(events);

    expect(outcome).toStrictEqual({ events: 2, bytes: 2, truncated: false, notes: [] });
  });

  it('stops at the byte cap, counting message bytes in UTF-8', async () => {
    cw.on(FilterLogEventsCommand).resolves({
      events: [ev('1', T0, 'abcd'), ev('2', T0, 'éé'), ev('3', T0, 'xyz'), ev('4', T0, '')],
    });
    const { fetcher: f } = fetcher({ maxBytes: 10 });

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/a'], ...WINDOW });
    const read = await collect(events);

    // 'abcd' (4) + 'éé' (4) = 8 bytes; 'xyz' would make 11.
    expect(read.map((e) => e.message)).toStrictEqual(['abcd', 'éé']);
    expect(outcome).toStrictEqual({
      events: 2,
      bytes: 8,
      truncated: true,
      notes: [
        'stopped after 2 events and 8 bytes of messages (cap 10 bytes): the window was not read to its end',
      ],
    });
  });

  it('names the default byte cap in MiB', async () => {
    const big = 'x'.repeat(1024 * 1024);
    cw.on(FilterLogEventsCommand).resolves({
      events: [ev('1', T0, big), ev('2', T0, big), ev('3', T0, big)],
    });
    const { fetcher: f } = fetcher({ maxBytes: 2 * 1024 * 1024 });

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/a'], ...WINDOW });
    await collect(events);

    expect(outcome.events).toBe(2);
    expect(outcome.notes).toStrictEqual([
      'stopped after 2 events and 2,097,152 bytes of messages (cap 2 MiB): the window was not read to its end',
    ]);
  });

  it('says so when there is nothing to read', async () => {
    const { fetcher: f } = fetcher();

    const none = f.fetch({ logGroups: [], ...WINDOW });
    await collect(none.events);
    const backwards = f.fetch({ logGroups: ['/ecs/a'], startTime: T0, endTime: T0 - 1 });
    await collect(backwards.events);

    expect(none.outcome.notes).toStrictEqual(['no log groups to read.']);
    expect(backwards.outcome.notes).toStrictEqual([
      'the time window is empty (it ends before it starts): nothing was read.',
    ]);
    expect(filterInputs()).toHaveLength(0);
  });
});

describe('CloudWatchLogsFetcher choosing Logs Insights', () => {
  it('projects the volume from the first page', () => {
    const page = {
      events: [
        { logGroup: 'g', timestamp: T0 + 100, message: '' },
        { logGroup: 'g', timestamp: T0 + 999, message: '' },
      ],
      hasMore: true,
    };
    // 2 events in the first 1,000 ms of a 10,000 ms window.
    expect(projectedEvents(page, { startTime: T0, endTime: T0 + 9_999 })).toBe(20);
  });

  it('switches a group to Insights when its first page projects more than the threshold', async () => {
    // 3 events in the first 36 s of a one-hour window: about 300 projected.
    cw.on(FilterLogEventsCommand).resolves({
      events: [ev('1', T0, 'a'), ev('2', T0 + 18_000, 'b'), ev('3', T0 + 35_999, 'c')],
      nextToken: 'more',
    });
    cw.on(StartQueryCommand).resolves({ queryId: 'q1' });
    cw.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: [row(T0 + 5, '/ecs/a', 'from insights')],
    });
    const { fetcher: f } = fetcher({ insightsThresholdEvents: 100 });

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/a'], ...WINDOW });
    const read = await collect(events);

    expect(filterInputs()).toHaveLength(1);
    expect(read.map((e) => e.message)).toStrictEqual(['from insights']);
    expect(outcome.notes).toStrictEqual([
      'read log group /ecs/a with Logs Insights: its first page projects about 300 events in the window ' +
        '(threshold 100).',
    ]);
    const start = cw.commandCalls(StartQueryCommand)[0]?.args[0].input;
    expect(start?.logGroupNames).toStrictEqual(['/ecs/a']);
    // 3,601 s of window, slices aimed at 8,000 of about 300 events: the whole window in one slice.
    expect([start?.startTime, start?.endTime]).toStrictEqual([T0 / 1000, T0 / 1000 + 3600]);
  });

  it('keeps FilterLogEvents when the projection stays under the threshold', async () => {
    cw.on(FilterLogEventsCommand)
      .resolvesOnce({ events: [ev('1', T0, 'a'), ev('2', T0 + 1_800_000, 'b')], nextToken: 'more' })
      .resolvesOnce({ events: [ev('3', T0 + 3_000_000, 'c')] });
    const { fetcher: f } = fetcher({ insightsThresholdEvents: 100 });

    const { events, outcome } = f.fetch({ logGroups: ['/ecs/a'], ...WINDOW });
    const read = await collect(events);

    expect(read.map((e) => e.message)).toStrictEqual(['a', 'b', 'c']);
    expect(cw.commandCalls(StartQueryCommand)).toHaveLength(0);
    expect(outcome.notes).toStrictEqual([]);
  });

  it('reads many groups with Insights in one query', async () => {
    const groups = Array.from({ length: 11 }, (_, i) => `/ecs/svc-${i}`);
    cw.on(StartQueryCommand).resolves({ queryId: 'q1' });
    cw.on(GetQueryResultsCommand).resolves({
      status: 'Complete',
      results: [row(T0 + 1, '/ecs/svc-3', 'three'), row(T0 + 2, '/ecs/svc-9', 'nine')],
    });
    const { fetcher: f } = fetcher({ insightsSliceMs: 3_601_000 });

    const { events, outcome } = f.fetch({ logGroups: groups, ...WINDOW });
    const read = await collect(events);

    expect(read.map((e) => e.logGroup)).toStrictEqual(['/ecs/svc-3', '/ecs/svc-9']);
    expect(filterInputs()).toHaveLength(0);
    expect(cw.commandCalls(StartQueryCommand).map((c) => c.args[0].input.logGroupNames)).toStrictEqual([
      groups,
    ]);
    expect(outcome.notes).toStrictEqual(['read 11 log groups with Logs Insights (more than 10 groups).']);
  });
});

describe('createCloudWatchLogsClient', () => {
  it('builds a client with the given options on top of the SDK defaults', async () => {
    const client = createCloudWatchLogsClient({ region: 'ap-southeast-2' });

    expect(client).toBeInstanceOf(CloudWatchLogsClient);
    expect(await client.config.region()).toBe('ap-southeast-2');
  });
});
