import type { LogRecord } from '../../domain/log-event.ts';

/**
 * Who a database line's session belongs to: its user and application name (PostgreSQL's
 * log_line_prefix %u and %a; RDS writes `user@database`, pgBadger's recommended prefix `user=…,app=…`).
 */
export function sessionOf(record: LogRecord): string {
  const { user, application_name: application } = record.fields ?? {};
  return [user, application].filter((v) => typeof v === 'string').join(' ');
}
