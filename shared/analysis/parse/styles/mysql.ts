import type { LogLevel } from '../../../domain/log-event.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { withoutUndefined } from '../text.ts';
import { parseTimestampText } from '../timestamp.ts';

/**
 * MySQL and MariaDB server logs as RDS publishes them to CloudWatch Logs
 * (`/aws/rds/instance/<id>/error|slowquery`).
 *
 * The slow query log (MySQL reference manual, "The Slow Query Log") writes one entry per statement:
 * `# Time:`, `# User@Host: user[user] @ host [ip]  Id: n`, `# Query_time: s  Lock_time: s
 * Rows_sent: n  Rows_examined: n`, `SET timestamp=…;`, an optional `use db;`, then the statement.
 * RDS sends each entry as one event.
 *
 * The error log (MySQL 8: `time thread [Level] [MY-code] [Subsystem] message`; 5.7 and MariaDB
 * without the code and subsystem) names its level in brackets: System and Note are information.
 */
const LEVELS: Record<string, LogLevel> = {
  System: 'INFO',
  Note: 'INFO',
  Warning: 'WARN',
  Warn: 'WARN',
  ERROR: 'ERROR',
  Error: 'ERROR',
};

const SLOW_HEADER = /^# (?:Time|User@Host|Query_time): /;
const USER_HOST = /^# User@Host: ([^[\s]*)\[[^\]]*\] @ ?(\S*) ?\[([^\]]*)\]/m;
const QUERY_TIME =
  /^# (Query_time: ([\d.]+)\s+Lock_time: ([\d.]+)\s+Rows_sent: (\d+)\s+Rows_examined: (\d+).*)$/m;
const TIME = /^# Time: (\S+(?: \S+)?)$/m;
const USE_DB = /^use ([^;\s]+);$/m;
/** A statement is long; what names its shape is its start. */
const STATEMENT_CHARS = 400;

function slowQuery(ctx: LineContext): StyleMatch | undefined {
  if (!ctx.line.startsWith('# ') || !SLOW_HEADER.test(ctx.line)) return undefined;
  const time = QUERY_TIME.exec(ctx.message);
  if (!time) return undefined;
  const who = USER_HOST.exec(ctx.message);
  const statement = ctx.message
    .slice((time.index ?? 0) + time[0].length)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(?:SET timestamp=\d+;|use [^;\s]+;|# )/.test(l))
    .join(' ')
    .slice(0, STATEMENT_CHARS);
  const stamp = TIME.exec(ctx.message)?.[1];
  return {
    style: 'mysql',
    at: stamp === undefined ? undefined : parseTimestampText(stamp, ctx.eventMs),
    level: 'INFO',
    // The duration line and the statement: what the entry says (its header lines say only who and when).
    message: `${time[1]} ${statement}`.trim(),
    fields: withoutUndefined({
      user: who?.[1] || undefined,
      client: who?.[3] || who?.[2] || undefined,
      database: USE_DB.exec(ctx.message)?.[1],
      query_time_ms: Math.round(Number(time[2]) * 1000),
      lock_time_ms: Math.round(Number(time[3]) * 1000),
      rows_examined: Number(time[5]),
    }),
  };
}

const ERROR_LOG = /^(\d+) \[(System|Note|Warning|Warn|ERROR|Error)\] (?:\[(MY-\d+)\] )?(?:\[(\w+)\] )?/;

function errorLog(ctx: LineContext): StyleMatch | undefined {
  if (!ctx.leading) return undefined;
  const rest = ctx.head.slice(ctx.leading.end).trimStart();
  const m = ERROR_LOG.exec(rest);
  if (!m) return undefined;
  return {
    style: 'mysql',
    at: ctx.leading.at,
    level: LEVELS[m[2] ?? ''],
    bodyStart: ctx.head.length - rest.length + m[0].length,
    fields: withoutUndefined({ thread: Number(m[1]), error_code: m[3], subsystem: m[4] }),
  };
}

export function recogniseMysql(ctx: LineContext): StyleMatch | undefined {
  return slowQuery(ctx) ?? errorLog(ctx);
}
