import type { LogLevel } from '../../../domain/log-event.ts';
import { escapeRegExp } from '../../escape-regexp.ts';
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
const MASKED = `${escapeRegExp(MARKER_PREFIX)}[\\w-]+\\]`;
// Or labelled, as pgBadger's documentation recommends: `%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h `
// (an application name may hold spaces, "PostgreSQL JDBC Driver"; the last label's value may not).
const LABELS = '((?:\\w{1,20}=[^,\\n]{0,120},){0,8}\\w{1,20}=\\S{0,120})';
const WITH_PID = new RegExp(
  `^:?(?:((?:${MASKED}|[^\\s\\[]){0,300}):)?\\[(\\d+)(?:-\\d+)?\\]:?\\s?(?:\\[\\d+-\\d+\\]\\s)?(?:(\\S*@\\S*)\\s|${LABELS}\\s)?(${SEVERITIES}):\\s+`,
);

/** The labelled prefix's values: `user=orders,db=shop,app=orders-api,client=10.0.0.7`. */
function labelled(prefix: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of prefix?.split(',') ?? []) {
    const eq = part.indexOf('=');
    const value = part.slice(eq + 1).trim();
    if (eq > 0 && value !== '' && value !== '[unknown]') out[part.slice(0, eq)] = value;
  }
  return out;
}
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
  const severity = (withPid ? withPid[5] : bare?.[1]) ?? '';
  const userAtDb = withPid?.[3] ?? withPid?.[1]?.split(':').find((part) => part.includes('@')) ?? '';
  const [atUser, atDatabase] = userAtDb.split('@');
  const labels = labelled(withPid?.[4]);
  const user = atUser || labels.user;
  const database = atDatabase || labels.db;
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
      application_name: labels.app,
    }),
  };
}
