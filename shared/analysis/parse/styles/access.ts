import { statusFromValue } from '../http-status.ts';
import { levelFromHttpStatus } from '../level.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { readBracketedTimestamp, readLeadingTimestamp } from '../timestamp.ts';

// Quoted fields use the unrolled `[^"\\]*(?:\\.[^"\\]*)*` form: linear, and escaped quotes allowed.
// nginx/Apache combined or common: client ident user [time] "request" status bytes ["referer" "agent"] [extras]
const CLF =
  /^(\S+) (\S+) (\S+) \[([^\]]{10,40})\] "([^"\\]*(?:\\.[^"\\]*)*)" (\d{3}|-) (\d+|-)(?: "([^"\\]*(?:\\.[^"\\]*)*)" "([^"\\]*(?:\\.[^"\\]*)*)")?/;
// ALB: type time elb client:port target:port req_t target_t resp_t elb_status target_status rx tx "request" "agent" …
const ALB =
  /^(https?|h2|grpcs?|wss?) (\d{4}-\d{2}-\d{2}T\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\d{3}|-) (\d{3}|-) (\d+|-) (\d+|-) "([^"\\]*(?:\\.[^"\\]*)*)" "([^"\\]*(?:\\.[^"\\]*)*)"/;
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
  const alb = ALB.exec(head);
  if (alb) {
    const status = statusFromValue(alb[9]);
    const request = alb[13] ?? '';
    const fields: Record<string, unknown> = {};
    setText(fields, 'type', alb[1]);
    setText(fields, 'elb', alb[3]);
    setText(fields, 'client', alb[4]);
    setText(fields, 'target', alb[5]);
    setNumber(fields, 'requestProcessingTime', alb[6]);
    setNumber(fields, 'targetProcessingTime', alb[7]);
    setNumber(fields, 'responseProcessingTime', alb[8]);
    if (status !== undefined) fields.status = status;
    const targetStatus = statusFromValue(alb[10]);
    if (targetStatus !== undefined) fields.targetStatus = targetStatus;
    setNumber(fields, 'receivedBytes', alb[11]);
    setNumber(fields, 'sentBytes', alb[12]);
    fields.request = request;
    addRequest(fields, request);
    setText(fields, 'userAgent', alb[14]);
    return access(
      {
        at: readLeadingTimestamp(alb[2] ?? '', ctx.eventMs)?.at,
        // The ALB line's tail (ARNs, trace ids, rule names) says nothing the fields do not.
        message: `"${alb[13]}" ${alb[9]} ${alb[10]}`,
        fields,
      },
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
