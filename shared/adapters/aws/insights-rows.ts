import type { ResultField } from '@aws-sdk/client-cloudwatch-logs';
import { maskEvent } from '../../analysis/redact/index.ts';
import type { LogEvent } from '../../domain/log-event.ts';

/** Logs Insights returns at most this many rows per query (the `limit` of the query string). */
export const INSIGHTS_ROW_LIMIT = 10_000;

export const INSIGHTS_QUERY = `fields @timestamp, @message, @logStream, @log | sort @timestamp asc | limit ${INSIGHTS_ROW_LIMIT}`;

/** `@log` is `account-id:log-group-name`; log group names cannot contain `:`. */
export function logGroupOfLogField(value: string): string {
  const colon = value.indexOf(':');
  return colon === -1 ? value : value.slice(colon + 1);
}

const INSIGHTS_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?)Z?$/;

/** Epoch ms of an `@timestamp` value (`2026-05-24 11:54:10.221`, UTC), or null. */
export function parseInsightsTimestamp(value: string): number | null {
  if (/^\d+$/.test(value)) return Number(value);
  const m = INSIGHTS_TIMESTAMP.exec(value.trim());
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * One result row as a log event; null when it has no readable `@timestamp` or no group (no `@log`
 * and no `soleGroup` to fall back on).
 */
export function rowToLogEvent(row: ResultField[], soleGroup?: string): LogEvent | null {
  const fields = new Map<string, string>();
  for (const { field, value } of row)
    if (field !== undefined && value !== undefined) fields.set(field, value);
  const timestampText = fields.get('@timestamp');
  const timestamp = timestampText === undefined ? null : parseInsightsTimestamp(timestampText);
  const log = fields.get('@log');
  const logGroup = log === undefined ? soleGroup : logGroupOfLogField(log);
  if (timestamp === null || logGroup === undefined || logGroup === '') return null;
  const logStream = fields.get('@logStream');
  return maskEvent({
    logGroup,
    ...(logStream === undefined ? {} : { logStream }),
    timestamp,
    message: fields.get('@message') ?? '',
  });
}
