import { statusFromValue } from '../http-status.ts';
import { levelFromHttpStatus } from '../level.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { readBracketedTimestamp } from '../timestamp.ts';

// Quoted fields use the unrolled `[^"\\]*(?:\\.[^"\\]*)*` form: linear, and escaped quotes allowed.
// nginx/Apache combined or common: client ident user [time] "request" status bytes ["referer" "agent"] [extras]
const CLF =
  /^(\S+) (\S+) (\S+) \[([^\]]{10,40})\] "([^"\\]*(?:\\.[^"\\]*)*)" (\d{3}|-) (\d+|-)(?: "([^"\\]*(?:\\.[^"\\]*)*)" "([^"\\]*(?:\\.[^"\\]*)*)")?/;
// Envoy's default access log format (Envoy docs, "Access logging", default format string), which
// Istio's sidecars write too: [start] "request" code flags received sent duration upstream-time
// "x-forwarded-for" "user-agent" "x-request-id" "authority" "upstream-host" …
const Q = String.raw`"([^"\\]*(?:\\.[^"\\]*)*)"`;
const ENVOY = new RegExp(
  String.raw`^\[([^\]]{10,40})\] ${Q} (\d{1,3}) (\S+) (\d+|-) (\d+|-) (\d+|-) (\S+) ${Q} ${Q} ${Q} ${Q} ${Q}`,
);
// uvicorn: INFO:     127.0.0.1:53422 - "GET /health HTTP/1.1" 200 OK
const UVICORN = /^[A-Z]+:\s+(\S+) - "([^"\\]*(?:\\.[^"\\]*)*)" (\d{3})\b/;

/** Method, path and protocol of a request line, added to `fields` (a method only when it looks like one). */
function addRequest(fields: Record<string, unknown>, request: string): void {
  const firstSpace = request.indexOf(' ');
  const method = firstSpace === -1 ? request : request.slice(0, firstSpace);
  if (METHOD.test(method)) fields.method = method;
  if (firstSpace === -1) return;
  const secondSpace = request.indexOf(' ', firstSpace + 1);
  fields.path =
    secondSpace === -1 ? request.slice(firstSpace + 1) : request.slice(firstSpace + 1, secondSpace);
  if (secondSpace === -1) return;
  const thirdSpace = request.indexOf(' ', secondSpace + 1);
  fields.protocol =
    thirdSpace === -1 ? request.slice(secondSpace + 1) : request.slice(secondSpace + 1, thirdSpace);
}

const METHOD = /^[A-Z]{3,10}$/;
const SECONDS = /^\d+(?:\.\d+)?$/;

function setNumber(fields: Record<string, unknown>, key: string, value: string | undefined): void {
  if (value === undefined || value === '-') return;
  const n = Number(value);
  if (Number.isFinite(n)) fields[key] = n;
}

function setText(fields: Record<string, unknown>, key: string, value: string | undefined): void {
  if (value !== undefined) fields[key] = value;
}

/** The match's level and status follow the HTTP status: 5xx → ERROR, 4xx → WARN, else INFO. */
function access(match: Omit<StyleMatch, 'style' | 'level'>, status: number | undefined): StyleMatch {
  const result: StyleMatch = { style: 'access', level: 'INFO', ...match };
  if (status !== undefined) {
    result.statusCode = status;
    result.level = levelFromHttpStatus(status);
  }
  return result;
}

/** HTTP access logs, where the status code is the signal: 5xx → ERROR, 4xx → WARN, else INFO. */
export function recogniseAccess(ctx: LineContext): StyleMatch | undefined {
  const head = ctx.head;
  const clf = CLF.exec(head);
  if (clf) {
    const status = statusFromValue(clf[6]);
    const timeStart = head.indexOf('[');
    const request = clf[5] ?? '';
    const extra = head.slice(clf[0].length).trim();
    const fields: Record<string, unknown> = {};
    setText(fields, 'client', clf[1]);
    if (clf[3] !== '-') setText(fields, 'user', clf[3]);
    fields.request = request;
    addRequest(fields, request);
    if (status !== undefined) fields.status = status;
    setNumber(fields, 'bytes', clf[7]);
    setText(fields, 'referer', clf[8]);
    setText(fields, 'userAgent', clf[9]);
    if (extra.length > 0) fields.extra = extra;
    if (SECONDS.test(extra)) fields.requestTimeSeconds = Number(extra);
    return access(
      {
        at: readBracketedTimestamp(clf[4] ?? '', ctx.eventMs),
        bodyStart: head.indexOf('"', timeStart),
        fields,
      },
      status,
    );
  }
  const envoy = ENVOY.exec(head);
  if (envoy) {
    // Code 0: no response was sent (the downstream went away); its flags say why.
    const status = envoy[3] === '0' ? undefined : statusFromValue(envoy[3]);
    const request = envoy[2] ?? '';
    const fields: Record<string, unknown> = { request };
    addRequest(fields, request);
    if (status !== undefined) fields.status = status;
    if (envoy[4] !== '-') setText(fields, 'responseFlags', envoy[4]);
    setNumber(fields, 'durationMs', envoy[7]);
    setNumber(fields, 'upstreamServiceTimeMs', envoy[8]);
    setText(fields, 'requestId', envoy[11]);
    setText(fields, 'authority', envoy[12]);
    setText(fields, 'upstreamHost', envoy[13]);
    return access(
      { at: readBracketedTimestamp(envoy[1] ?? '', ctx.eventMs), bodyStart: head.indexOf('"'), fields },
      status,
    );
  }
  const uvicorn = UVICORN.exec(head);
  if (uvicorn) {
    const status = statusFromValue(uvicorn[3]);
    const request = uvicorn[2] ?? '';
    const fields: Record<string, unknown> = { client: uvicorn[1], request };
    addRequest(fields, request);
    fields.status = status;
    return access({ bodyStart: head.indexOf('"'), fields }, status);
  }
  return undefined;
}
