import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  type ResultField,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { INSIGHTS_QUERY } from './insights-rows.ts';

export interface InsightsQuerySettings {
  /** Retries throttling and server errors itself (the SDK retry mode of the composition). */
  client: CloudWatchLogsClient;
  sleep: (ms: number) => Promise<void>;
  clock: () => number;
  pollIntervalMs: number;
  /** How long to wait for one query before stopping it. */
  timeoutMs: number;
}

export interface InsightsQuery {
  /** At most 50 (a StartQuery limit). */
  logGroups: string[];
  /** Epoch seconds, inclusive (StartQuery's unit). */
  startSec: number;
  endSec: number;
}

export type InsightsQueryResult =
  | { status: 'Complete'; rows: ResultField[][] }
  | { status: 'Failed' | 'Cancelled' | 'Timeout' }
  /** Still not finished after `timeoutMs`: stopped with StopQuery. */
  | { status: 'GaveUp'; queryId: string };

/**
 * Runs one Logs Insights query: StartQuery, then GetQueryResults every `pollIntervalMs` until the
 * query ends or `timeoutMs` passes. Throws when a call fails (throttling after the SDK's retries);
 * a query left running by a timeout or an error is stopped.
 */
export async function runInsightsQuery(
  settings: InsightsQuerySettings,
  query: InsightsQuery,
): Promise<InsightsQueryResult> {
  const { client, sleep, clock } = settings;
  const started = clock();
  const { queryId } = await client.send(
    new StartQueryCommand({
      logGroupNames: query.logGroups,
      startTime: query.startSec,
      endTime: query.endSec,
      queryString: INSIGHTS_QUERY,
    }),
  );
  if (queryId === undefined) throw new Error('StartQuery returned no queryId');

  let finished = false;
  try {
    for (;;) {
      const response = await client.send(new GetQueryResultsCommand({ queryId }));
      const status = response.status;
      if (status === 'Complete') {
        finished = true;
        return { status, rows: response.results ?? [] };
      }
      if (status === 'Failed' || status === 'Cancelled' || status === 'Timeout') {
        finished = true;
        return { status };
      }
      if (clock() - started >= settings.timeoutMs) return { status: 'GaveUp', queryId };
      await sleep(settings.pollIntervalMs);
    }
  } finally {
    if (!finished) await stopQuietly(client, queryId);
  }
}

/** Stops a query we no longer wait for, so it does not keep scanning (and billing); best effort. */
async function stopQuietly(client: CloudWatchLogsClient, queryId: string): Promise<void> {
  try {
    await client.send(new StopQueryCommand({ queryId }));
  } catch {
    // The query may have ended in the meantime; nothing else to do.
  }
}
