import type { LogRecord } from '../../domain/log-event.ts';

/**
 * A statement a database logged because it ran long: PostgreSQL's `log_min_duration_statement`
 * ("duration: 8123.456 ms  statement: …", or execute/parse/bind, and auto_explain's "plan:"), or
 * an entry of MySQL's slow query log (`long_query_time`).
 */
const PG_SLOW_STATEMENT = /\bduration: \d+(?:\.\d+)? ms\s+(?:statement|execute|parse|bind|plan)\b/i;

export function isSlowStatement(record: LogRecord): boolean {
  if (record.style === 'mysql') return typeof record.fields?.query_time_ms === 'number';
  return PG_SLOW_STATEMENT.test(record.message.slice(0, 2000));
}

/**
 * Who a database line's session belongs to: its user and application name (PostgreSQL's
 * log_line_prefix %u and %a; RDS writes `user@database`, pgBadger's recommended prefix `user=…,app=…`).
 */
export function sessionOf(record: LogRecord): string {
  const { user, application_name: application } = record.fields ?? {};
  return [user, application].filter((v) => typeof v === 'string').join(' ');
}
