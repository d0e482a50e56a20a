import type { LogLevel } from '../../../domain/log-event.ts';
import { normaliseLevel } from '../level.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';

const WORDS =
  'TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|FATAL|CRITICAL|CRIT|PANIC|EMERGENCY|EMERG|ALERT|DBG|INF|WRN|ERRO|FATA|DEBU|TRAC|PANI';
const LOWER_WORDS = WORDS.toLowerCase();
// Bracketed or colon-ended level words in any case: `[warn]`, `<error>`, `Warning:`, `info:`.
const LEVEL_MARKED = new RegExp(`^(?:\\[\\s*(${WORDS})\\s*\\]|<(${WORDS})>|(${WORDS}):)\\s*`, 'i');
// A bare word must be all upper or all lower case: a capitalised `Critical` or `Alert` starts a sentence.
const LEVEL_BARE = new RegExp(`^(${WORDS}|${LOWER_WORDS})(?:\\s+|$)`);
// Without a timestamp a bare word must be upper case: `ERROR msg`.
const UPPER_BARE = new RegExp(`^(${WORDS})\\s+`);
const TOKEN = '[a-z][\\w.-]{0,62}';
// d01's double prefix: LEVEL outer-service LEVEL inner-service message; the inner pair is the emitter's.
const DOUBLE = new RegExp(`^(${WORDS})\\s+(${TOKEN})\\s+(${WORDS})\\s+(${TOKEN})\\s+`);
const BRACKETED_SERVICE = /^\[([a-z][a-z0-9_-]{1,62})\]\s+/;
const THREAD_LIKE = /(?:^(?:main|root|worker|http|info|pool|thread|scheduler|task|async)$|\d$)/;
const ZAP_CALLER = /^(\S+\.go:\d+)\t/;
const SYSLOG_HEAD = /^[A-Z][a-z]{2} /;
/**
 * .NET's console logger (Microsoft.Extensions.Logging, the simple formatter): `fail: Category[EventId]`,
 * its level names abbreviated to four letters, the message on the lines after it.
 */
const DOTNET = /^(trce|dbug|info|warn|fail|crit): ([\w.`+<>-]{1,200})\[(\d+)\]/;
const DOTNET_LEVELS: Record<string, LogLevel> = {
  trce: 'TRACE',
  dbug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  fail: 'ERROR',
  crit: 'FATAL',
};

/**
 * A .NET console logger's head line, after any timestamp its TimestampFormat puts first; its
 * message is the first line after it (indented), unless the single-line option put it on the head.
 */
function dotnet(
  ctx: LineContext,
  rest: string,
  restStart: number,
  at: number | undefined,
): StyleMatch | undefined {
  const m = DOTNET.exec(rest);
  if (!m) return undefined;
  const inline = rest.slice(m[0].length).trim();
  const next = inline === '' ? /\n[ \t]*(\S[^\n]*)/.exec(ctx.message)?.[1]?.trim() : undefined;
  return {
    style: 'plain',
    at,
    level: DOTNET_LEVELS[m[1] ?? ''],
    component: m[2],
    bodyStart: restStart + m[0].length,
    ...(next ? { message: next } : {}),
    fields: { category: m[2], eventId: Number(m[3]) },
  };
}
const SYSLOG_SOURCE = /^(\S+) ([\w./-]{1,64})(?:\[(\d+)\])?: /;

function levelFrom(m: RegExpExecArray) {
  return normaliseLevel(m[1] ?? m[2] ?? m[3] ?? '');
}

function streamService(ctx: LineContext, token: string): boolean {
  return token === ctx.groupService;
}

/** `ISO LEVEL message` and its variants: `[LEVEL]`, `LEVEL:`, `LEVEL [service]`, d01's doubled prefix, zap, syslog. */
export function recognisePlain(ctx: LineContext): StyleMatch | undefined {
  const line = ctx.head;
  if (ctx.leading) {
    const rest = line.slice(ctx.leading.end).trimStart();
    const restStart = line.length - rest.length;
    if (rest.length === 0) {
      return { style: 'raw', at: ctx.leading.at, message: '', unparsedNote: 'only a timestamp' };
    }
    const net = dotnet(ctx, rest, restStart, ctx.leading.at);
    if (net) return net;
    const double = DOUBLE.exec(rest);
    if (double) {
      return {
        style: 'plain',
        at: ctx.leading.at,
        level: normaliseLevel(double[3] ?? ''),
        service: double[4],
        bodyStart: restStart + double[0].length,
        fields: { outerLevel: double[1], outerService: double[2] },
      };
    }
    const level = LEVEL_MARKED.exec(rest) ?? LEVEL_BARE.exec(rest);
    if (level) {
      let bodyStart = restStart + level[0].length;
      let service: string | undefined;
      let component: string | undefined;
      const fields: Record<string, unknown> = {};
      const after = line.slice(bodyStart);
      const bracketed = BRACKETED_SERVICE.exec(after);
      const caller = ZAP_CALLER.exec(after);
      if (bracketed?.[1] !== undefined && !THREAD_LIKE.test(bracketed[1])) {
        if (streamService(ctx, bracketed[1])) service = bracketed[1];
        else component = bracketed[1];
        bodyStart += bracketed[0].length;
      } else if (caller) {
        fields.caller = caller[1];
        bodyStart += caller[0].length;
      } else {
        const token = /^(\S+)\s+/.exec(after);
        if (token?.[1] !== undefined && streamService(ctx, token[1])) {
          service = token[1];
          bodyStart += token[0].length;
        }
      }
      return {
        style: 'plain',
        at: ctx.leading.at,
        level: levelFrom(level),
        service,
        component,
        bodyStart,
        ...(Object.keys(fields).length > 0 ? { fields } : {}),
      };
    }
    if (SYSLOG_HEAD.test(line)) {
      const source = SYSLOG_SOURCE.exec(rest);
      if (source) {
        return {
          style: 'plain',
          at: ctx.leading.at,
          bodyStart: restStart + source[0].length,
          fields: { host: source[1], program: source[2], ...(source[3] ? { pid: Number(source[3]) } : {}) },
        };
      }
    }
    return { style: 'plain', at: ctx.leading.at, bodyStart: restStart };
  }
  const trimmed = line.trimStart();
  const net = dotnet(ctx, trimmed, line.length - trimmed.length, undefined);
  if (net) return net;
  const alone = LEVEL_MARKED.exec(trimmed) ?? UPPER_BARE.exec(trimmed);
  if (alone) {
    return {
      style: 'plain',
      level: levelFrom(alone),
      bodyStart: line.length - trimmed.length + alone[0].length,
    };
  }
  return undefined;
}
