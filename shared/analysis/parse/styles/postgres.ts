import type { LogLevel } from '../../../domain/log-event.ts';
import { MARKER_PREFIX } from '../../redact/kinds.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { withoutUndefined } from '../text.ts';

const SEVERITY: Record<string, LogLevel | undefined> = {
  LOG: 'INFO',
  INFO: 'INFO',
  NOTICE: 'INFO',
  STATEMENT: undefined,
  DETAIL: undefined,
  HINT: undefined,
  CONTEXT: undefined,
  QUERY: undefined,
  LOCATION: undefined,
  WARNING: 'WARN',
  ERROR: 'ERROR',
  FATAL: 'FATAL',
  PANIC: 'FATAL',
  DEBUG: 'DEBUG',
  DEBUG1: 'DEBUG',
  DEBUG2: 'DEBUG',
  DEBUG3: 'DEBUG',
  DEBUG4: 'DEBUG',
  DEBUG5: 'DEBUG',
};

/** Severities that elaborate on the line before them and take its level. */
export const POSTGRES_FOLLOWERS: ReadonlySet<string> = new Set([
  'DETAIL',
  'HINT',
  'STATEMENT',
  'CONTEXT',
  'QUERY',
  'LOCATION',
]);

/** A record that elaborates on the PostgreSQL line before it (its STATEMENT, DETAIL, …): never the line to quote first. */
export function isPostgresFollower(record: {
  style: string;
  fields?: Record<string, unknown> | undefined;
}): boolean {
  const severity = record.fields?.severity;
  return record.style === 'postgres' && typeof severity === 'string' && POSTGRES_FOLLOWERS.has(severity);
}

const SEVERITIES = Object.keys(SEVERITY).join('|');
// After the timestamp: `[pid] [user@db ]SEV:  msg` (default `%m [%p] `) or RDS `:host(port):user@db:[pid]:SEV:  msg`.
// Lines are masked as they are read, so the RDS client host may already be a marker (`[REDACTED:ip-address]`).
const MASKED = `${MARKER_PREFIX.replace(/[[\]]/g, '\\$&')}[\\w-]+\\]`;
const WITH_PID = new RegExp(
  `^:?(?:((?:${MASKED}|[^\\s\\[]){0,300}):)?\\[(\\d+)(?:-\\d+)?\\]:?\\s?(?:(\\S*@\\S*)\\s)?(${SEVERITIES}):\\s+`,
);
const BARE = new RegExp(`^(${SEVERITIES}):\\s+`);

/** PostgreSQL server log lines (RDS and stock prefixes); DETAIL/HINT/STATEMENT take the previous line's level. */
export function recognisePostgres(ctx: LineContext): StyleMatch | undefined {
  const line = ctx.head;
  const rest = ctx.leading ? line.slice(ctx.leading.end).trimStart() : line;
  const offset = line.length - rest.length;
  const withPid = ctx.leading ? WITH_PID.exec(rest) : null;
  const bare = withPid ? null : /postgres|\/rds\//i.test(ctx.logGroup) ? BARE.exec(rest) : null;
  const m = withPid ?? bare;
  if (!m) return undefined;
  const severity = (withPid ? withPid[4] : bare?.[1]) ?? '';
  const userAtDb = withPid?.[3] ?? withPid?.[1]?.split(':').find((part) => part.includes('@')) ?? '';
  const [user, database] = userAtDb.split('@');
  return {
    style: 'postgres',
    at: ctx.leading?.at,
    level: SEVERITY[severity] ?? 'UNKNOWN',
    bodyStart: offset + m[0].length,
    fields: withoutUndefined({
      severity,
      pid: withPid?.[2] === undefined ? undefined : Number(withPid[2]),
      user: user || undefined,
      database: database || undefined,
    }),
  };
}
