import type { LogLevel } from '../../../domain/log-event.ts';
import { statusFromText, statusFromValue } from '../http-status.ts';
import { isAtLeast, levelFromHttpStatus, levelFromNumber, normaliseLevel } from '../level.ts';
import { looksLikeServiceName } from '../service.ts';
import { summariseStack } from '../stack.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { isRecord, splitLines } from '../text.ts';
import { timestampFromValue } from '../timestamp.ts';
import { firstValue, pathValue } from './json-object.ts';

const LEVEL_KEYS = [
  'level',
  'severity',
  'lvl',
  'loglevel',
  'log_level',
  'levelname',
  'level_name',
  'log.level',
  '@l',
];
const TIME_KEYS = ['time', 'timestamp', '@timestamp', 'ts', 'datetime', 'date', '@t', 'eventTime', 'asctime'];
const SERVICE_KEYS = [
  'service',
  'service.name',
  'serviceName',
  'service_name',
  'resource.service.name',
  'app',
  'application',
  'app_name',
  'appname',
  // ElastiCache's slow and engine log records name the cluster they come from.
  'CacheClusterId',
];
const MESSAGE_KEYS = ['msg', 'message', '@m', 'error', 'err', 'event', 'text', '@mt'];
const STATUS_KEYS = [
  'status',
  'statusCode',
  'status_code',
  'http.status_code',
  'http.response.status_code',
  'httpStatus',
  'http_status',
  'res.statusCode',
  'response.status',
];
const STACK_KEYS = ['stack_trace', 'stackTrace', 'stack', 'stacktrace', 'exc_info', 'exc_text', 'exception'];

export function levelFromValue(value: unknown): LogLevel | undefined {
  if (typeof value === 'number') return levelFromNumber(value);
  if (typeof value === 'string') return normaliseLevel(value.trim());
  return undefined;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (isRecord(value) && typeof value.message === 'string') return value.message;
  return undefined;
}

function firstText(obj: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const text = textOf(pathValue(obj, key));
    if (text !== undefined) return text;
  }
  return undefined;
}

/**
 * Service names an emitter writes as a constant, naming its log format rather than the service:
 * Elasticsearch's ECS JSON layout writes `"service.name":"ES_ECS"` on every node's lines.
 */
const FORMAT_CONSTANTS: ReadonlySet<string> = new Set(['ES_ECS']);

function serviceOf(obj: Record<string, unknown>): string | undefined {
  for (const key of SERVICE_KEYS) {
    const value = pathValue(obj, key);
    if (typeof value === 'string' && FORMAT_CONSTANTS.has(value.trim())) continue;
    if (typeof value === 'string' && value.trim().length > 0) return value.trim();
    if (isRecord(value) && typeof value.name === 'string' && value.name.trim().length > 0)
      return value.name.trim();
  }
  // Bunyan (`"v": 0`) names the application in `name` (node-bunyan README: "name: ... the name of the app").
  const app = obj.v === 0 ? obj.name : undefined;
  return typeof app === 'string' && looksLikeServiceName(app) ? app : undefined;
}

/** A named logger (zap's `logger`, Logback's `logger_name`): a component of the emitter, rarely a service. */
function componentOf(obj: Record<string, unknown>): string | undefined {
  const logger = obj.logger ?? obj.logger_name;
  return typeof logger === 'string' && looksLikeServiceName(logger) ? logger : undefined;
}

function levelOf(obj: Record<string, unknown>): LogLevel | undefined {
  for (const key of LEVEL_KEYS) {
    const level = levelFromValue(pathValue(obj, key));
    if (level) return level;
  }
  // Datadog and some shippers put the level word in `status`; a numeric status is HTTP.
  return typeof obj.status === 'string' ? normaliseLevel(obj.status) : undefined;
}

function exceptionOf(obj: Record<string, unknown>): string | undefined {
  for (const key of STACK_KEYS) {
    const value = pathValue(obj, key);
    const text = textOf(value) ?? (isRecord(value) ? textOf(value.stack) : undefined);
    if (text !== undefined) return summariseStack(splitLines(text)).exception ?? splitLines(text)[0]?.trim();
  }
  const error = obj.error ?? obj.err;
  if (isRecord(error)) {
    const stack = textOf(error.stack);
    if (stack !== undefined) return summariseStack(splitLines(stack)).exception ?? splitLines(stack)[0];
    const type = textOf(error.type) ?? textOf(error.kind) ?? textOf(error.name);
    const message = textOf(error.message);
    if (type !== undefined || message !== undefined) return [type, message].filter(Boolean).join(': ');
  }
  if (typeof error === 'string' && /(?:Error|Exception|Throwable)\b/.test(error)) return splitLines(error)[0];
  return undefined;
}

const DETAIL_KEYS = [
  'error',
  'err',
  'error.message',
  'err.message',
  'last_error',
  'lastError',
  'error_message',
  'errorMessage',
];
const DETAIL_LIMIT = 500;

/**
 * The message a reader sees: the summary (`msg`/`message`) and, when the line also carries the
 * error in its own field (zap, logrus, pino, structlog: `"msg":"request failed","error":"dial tcp
 * ...: i/o timeout"`), that error too, since it is what names the fault. A stack trace stays in
 * `exception`.
 */
function withErrorDetail(obj: Record<string, unknown>, message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  let detail: string | undefined;
  for (const key of DETAIL_KEYS) {
    const value = pathValue(obj, key);
    if (typeof value === 'string' && value.trim().length > 0) {
      detail = splitLines(value)[0]?.trim();
      break;
    }
  }
  if (detail === undefined || detail.length === 0 || detail === message || message.includes(detail))
    return message;
  return `${message}: ${detail.slice(0, DETAIL_LIMIT)}`;
}

/** Where request loggers put the method (pino-http's `req.method`, OpenTelemetry's `http.request.method`, …). */
const METHOD_KEYS = [
  'method',
  'httpMethod',
  'http.method',
  'http.request.method',
  'req.method',
  'request.method',
  'request_method',
];

function requestRecord(obj: Record<string, unknown>): boolean {
  return METHOD_KEYS.some((key) => typeof pathValue(obj, key) === 'string');
}

/** A structured JSON log line: level, time, service, message and status from the usual field names. */
export function recogniseJsonObject(obj: Record<string, unknown>, ctx: LineContext): StyleMatch {
  const exception = exceptionOf(obj);
  const message = withErrorDetail(obj, firstText(obj, MESSAGE_KEYS));
  const statusValue = firstValue(obj, STATUS_KEYS);
  const fieldStatus = statusFromValue(statusValue);
  const logger = obj.logger ?? obj.name;
  // A record without a level word whose status is a field (ALB, API Gateway, CloudFront JSON access
  // logs) is graded by its status, as an access line is.
  const level = levelOf(obj) ?? (fieldStatus === undefined ? undefined : levelFromHttpStatus(fieldStatus));
  // A service's own record of a request it answered with a 5xx failed there, whatever level its
  // request logger writes every request at.
  const served =
    fieldStatus !== undefined &&
    fieldStatus >= 500 &&
    level !== undefined &&
    !isAtLeast(level, 'WARN') &&
    requestRecord(obj);
  return {
    style: logger === 'kafkajs' ? 'kafka' : 'json',
    at: timestampFromValue(firstValue(obj, TIME_KEYS), ctx.eventMs),
    level: served ? 'ERROR' : level,
    service: serviceOf(obj),
    component: componentOf(obj),
    message: message ?? ctx.line,
    fields: obj,
    statusCode: fieldStatus ?? (message === undefined ? undefined : statusFromText(message)),
    exception: exception?.slice(0, 500),
  };
}

const SALVAGE_LEVEL = /"(?:level|severity|lvl|levelname)"\s*:\s*"(\w{1,12})"/;
const SALVAGE_SERVICE = /"(?:service|app)"\s*:\s*"([\w.-]{1,80})"/;
const SALVAGE_TIME = /"(?:time|timestamp|@timestamp|ts)"\s*:\s*"([^"]{8,40})"/;
const SALVAGE_MESSAGE = /"(?:msg|message)"\s*:\s*"((?:[^"\\]|\\.){0,2000})"/;

/** What can still be read from JSON that does not parse (truncated by CloudWatch's 256 KB limit, say). */
export function salvageJson(ctx: LineContext, note: string): StyleMatch {
  const level = SALVAGE_LEVEL.exec(ctx.head)?.[1];
  const time = SALVAGE_TIME.exec(ctx.head)?.[1];
  return {
    style: 'json',
    at: time === undefined ? undefined : timestampFromValue(time, ctx.eventMs),
    level: level === undefined ? undefined : normaliseLevel(level),
    service: SALVAGE_SERVICE.exec(ctx.head)?.[1],
    message: SALVAGE_MESSAGE.exec(ctx.head)?.[1] ?? ctx.line,
    unparsedNote: note,
  };
}
