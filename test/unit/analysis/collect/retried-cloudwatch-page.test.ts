import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchLogsFetcher } from '../../../../shared/adapters/aws/cloudwatch-logs-fetcher.ts';
import {
  collectEvents,
  collectShard,
  mergePartials,
  type PartialCollection,
} from '../../../../shared/analysis/collect/index.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { shardOfStream } from '../../../../shared/workflow/state.ts';

const cw = mockClient(CloudWatchLogsClient);
const ALARM_AT = Date.parse('2026-05-19T22:10:00.000Z');
const MIN = 60_000;
const windows = computeWindows(ALARM_AT);

beforeEach(() => {
  cw.reset();
});

/** A FilterLogEvents page of the checkout API: three tasks, routine lines, then payment timeouts. */
function page() {
  return Array.from({ length: 90 }, (_, i) => {
    const at = ALARM_AT - 40 * MIN + i * 25_000;
    const failing = at >= ALARM_AT - 6 * MIN;
    return {
      eventId: `38201${String(i).padStart(10, '0')}`,
      timestamp: at,
      ingestionTime: at + 40,
      logStreamName: `checkout/task-${i % 3}`,
      message: failing
        ? `ERROR payment call timed out after 3000 ms for cart ${4000 + i}`
        : `INFO cart ${4000 + i} checked out in ${80 + (i % 13)} ms`,
    };
  });
}

/** What the fetcher delivers when the service answers the next request with the page it already gave. */
async function fetchRetriedPage(): Promise<{ events: LogEvent[]; distinct: number }> {
  const once = page();
  cw.on(FilterLogEventsCommand)
    .resolvesOnce({ events: once, nextToken: 'p2' })
    .resolvesOnce({ events: once });
  const fetcher = new CloudWatchLogsFetcher({
    client: new CloudWatchLogsClient({ region: 'eu-west-1' }),
    sleep: async () => {},
    clock: () => 0,
  });
  const { events } = fetcher.fetch({
    logGroups: ['/ecs/checkout'],
    startTime: windows.baselineStart,
    endTime: windows.incidentEnd,
  });
  const read: LogEvent[] = [];
  for await (const event of events) read.push(event);
  return { events: read, distinct: once.length };
}

describe('a CloudWatch page delivered twice', () => {
  it('is counted once through the events entry', async () => {
    const { events, distinct } = await fetchRetriedPage();
    expect(events).toHaveLength(2 * distinct);
    const collected = collectEvents(events, windows);
    expect(collected.linesScanned).toBe(distinct);
    expect(collected.duplicates).toBe(distinct);
    const failures = collected.patterns.find((p) => p.errorLike);
    expect(failures?.incidentCount).toBe(
      collectEvents(events.slice(0, distinct), windows).patterns.find((p) => p.errorLike)?.incidentCount,
    );
  });

  it('is counted once through shards of whole streams, merged', async () => {
    const { events, distinct } = await fetchRetriedPage();
    const shards: LogEvent[][] = [[], []];
    for (const e of events) shards[shardOfStream(e.logGroup, e.logStream, 2)]?.push(e);
    expect(shards.every((s) => s.length > 0)).toBe(true);
    const partials = shards.map(
      (s) => JSON.parse(JSON.stringify(collectShard(s, windows))) as PartialCollection,
    );
    const merged = mergePartials(partials, windows);
    expect(merged.linesScanned).toBe(distinct);
    expect(merged.duplicates).toBe(distinct);
    expect(merged.incidentLines).toBe(collectEvents(events.slice(0, distinct), windows).incidentLines);
  });
});
