import { normaliseLevel } from '../level.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { isRecord } from '../text.ts';
import { timestampFromValue } from '../timestamp.ts';

const PLATFORM_LINE =
  /^(START|END|REPORT|INIT_START|INIT_REPORT|RESTORE_START|RESTORE_REPORT|EXTENSION|TELEMETRY) /;
const RUNTIME_ERROR = /\bRuntime\.(?:ExitError|OutOfMemory|Unknown|[A-Z]\w*Error)\b/;
const TIMED_OUT = /\bTask timed out after [\d.]+ seconds\b/;
// RequestId: … Error: Runtime exited with error: signal: killed (Runtime.ExitError on the next line)
const REQUEST_ERROR = /^RequestId: (\S+) Error: (.*)$/;
const REQUEST_ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
// Node runtime console output: ISO \t requestId \t LEVEL \t message
const NODE_CONSOLE = new RegExp(`^(\\S+)\\t(${REQUEST_ID}|undefined)\\t([A-Z]+)\\t`);
// Python runtime logger: [LEVEL] \t ISO \t requestId \t message
const PYTHON_CONSOLE = new RegExp(`^\\[([A-Z]+)\\]\\t(\\S+)\\t(${REQUEST_ID})\\t`);
// Python uncaught: [ERROR] Runtime.ImportModuleError: …  /  [ERROR] KeyError: 'x'
const PYTHON_UNCAUGHT = /^\[(ERROR|WARNING|CRITICAL)\] ((?:Runtime\.)?\w+(?:Error|Exception)\b.*)$/;
const ISO_REQUEST = new RegExp(`^(\\d{4}-\\d{2}-\\d{2}T\\S+)\\s+(${REQUEST_ID})\\s+`);

/** `Key: value` pairs of a REPORT line, tab or multi-space separated. */
function reportFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of text.split(/\t| {2,}/)) {
    const colon = part.indexOf(': ');
    if (colon > 0) fields[part.slice(0, colon).trim()] = part.slice(colon + 2).trim();
  }
  return fields;
}

function megabytes(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^([\d.]+)\s*MB$/.exec(value);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

function milliseconds(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^([\d.]+)\s*ms$/.exec(value);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

function recogniseReport(line: string, kind: string): StyleMatch {
  const raw = reportFields(line.slice(kind.length + 1));
  const memorySizeMb = megabytes(raw['Memory Size']);
  const maxMemoryUsedMb = megabytes(raw['Max Memory Used']);
  const status = raw.Status;
  const fields: Record<string, unknown> = {
    requestId: raw.RequestId,
    durationMs: milliseconds(raw.Duration ?? raw['Init Duration']),
    billedDurationMs: milliseconds(raw['Billed Duration']),
    memorySizeMb,
    maxMemoryUsedMb,
    initDurationMs: milliseconds(raw['Init Duration']),
    status,
    errorType: raw['Error Type'],
  };
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  const outOfMemory =
    memorySizeMb !== undefined && maxMemoryUsedMb !== undefined && maxMemoryUsedMb >= memorySizeMb;
  const failed = status !== undefined && status !== 'success';
  return {
    style: 'lambda',
    level: outOfMemory || failed ? 'ERROR' : 'INFO',
    message: line,
    fields,
  };
}

/** Lambda runtime lines: START/END/REPORT, timeouts, `Runtime.*` errors, and the Node and Python console formats. */
export function recogniseLambda(ctx: LineContext): StyleMatch | undefined {
  const head = ctx.head;
  const platform = PLATFORM_LINE.exec(head);
  if (platform?.[1] !== undefined) {
    const kind = platform[1];
    if (kind === 'REPORT' || kind === 'INIT_REPORT' || kind === 'RESTORE_REPORT')
      return recogniseReport(head, kind);
    return { style: 'lambda', level: 'INFO', message: head, fields: { kind } };
  }
  const node = NODE_CONSOLE.exec(head);
  if (node) {
    return {
      style: 'lambda',
      at: timestampFromValue(node[1], ctx.eventMs),
      level: normaliseLevel(node[3] ?? ''),
      bodyStart: node[0].length,
      fields: { requestId: node[2] },
    };
  }
  const python = PYTHON_CONSOLE.exec(head);
  if (python) {
    return {
      style: 'lambda',
      at: timestampFromValue(python[2], ctx.eventMs),
      level: normaliseLevel(python[1] ?? ''),
      bodyStart: python[0].length,
      fields: { requestId: python[3] },
    };
  }
  const uncaught = PYTHON_UNCAUGHT.exec(head);
  if (uncaught) {
    return {
      style: 'lambda',
      level: normaliseLevel(uncaught[1] ?? '') ?? 'ERROR',
      bodyStart: uncaught[0].length - (uncaught[2] ?? '').length,
      exception: uncaught[2],
    };
  }
  const requestError = REQUEST_ERROR.exec(head);
  if (requestError) {
    return {
      style: 'lambda',
      level: 'ERROR',
      bodyStart: 0,
      exception: requestError[2],
      fields: { requestId: requestError[1] },
    };
  }
  const timedOut = TIMED_OUT.exec(head);
  const runtimeError = RUNTIME_ERROR.exec(head);
  if (timedOut || runtimeError) {
    const prefix = ISO_REQUEST.exec(head);
    return {
      style: 'lambda',
      at: prefix ? timestampFromValue(prefix[1], ctx.eventMs) : undefined,
      level: 'ERROR',
      bodyStart: prefix ? prefix[0].length : 0,
      exception: (timedOut ?? runtimeError)?.[0],
      ...(prefix ? { fields: { requestId: prefix[2] } } : {}),
    };
  }
  return undefined;
}

/** The Lambda JSON log format's platform events (`"type": "platform.report"` …). */
export function recogniseLambdaPlatformObject(
  obj: Record<string, unknown>,
  ctx: LineContext,
): StyleMatch | undefined {
  const type = obj.type;
  if (typeof type !== 'string' || !type.startsWith('platform.')) return undefined;
  const record = isRecord(obj.record) ? obj.record : {};
  const metrics = isRecord(record.metrics) ? record.metrics : {};
  const status = typeof record.status === 'string' ? record.status : undefined;
  const memorySize = metrics.memorySizeMB;
  const maxUsed = metrics.maxMemoryUsedMB;
  const outOfMemory = typeof memorySize === 'number' && typeof maxUsed === 'number' && maxUsed >= memorySize;
  const failed = status !== undefined && status !== 'success';
  const parts = [type];
  if (typeof record.requestId === 'string') parts.push(`requestId=${record.requestId}`);
  if (status !== undefined) parts.push(`status=${status}`);
  if (typeof record.errorType === 'string') parts.push(`errorType=${record.errorType}`);
  if (typeof maxUsed === 'number' && typeof memorySize === 'number')
    parts.push(`memory=${maxUsed}/${memorySize}MB`);
  return {
    style: 'lambda',
    at: timestampFromValue(obj.time, ctx.eventMs),
    level: outOfMemory || failed ? 'ERROR' : 'INFO',
    message: parts.join(' '),
    fields: obj,
    exception: typeof record.errorType === 'string' ? record.errorType : undefined,
  };
}
