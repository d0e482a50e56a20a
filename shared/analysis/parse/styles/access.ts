import { statusFromValue } from '../http-status.ts';
import { levelFromHttpStatus } from '../level.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { withoutUndefined } from '../text.ts';
import { readLeadingTimestamp } from '../timestamp.ts';

// Quoted fields use the unrolled `[^"\\]*(?:\\.[^"\\]*)*` form: linear, and escaped quotes allowed.
// nginx/Apache combined or common: client ident user [time] "request" status bytes ["referer" "agent"] [extras]
const CLF =
  /^(\S+) (\S+) (\S+) \[([^\]]{10,40})\] "([^"\\]*(?:\\.[^"\\]*)*)" (\d{3}|-) (\d+|-)(?: "([^"\\]*(?:\\.[^"\\]*)*)" "([^"\\]*(?:\\.[^"\\]*)*)")?/;
// ALB: type time elb client:port target:port req_t target_t resp_t elb_status target_status rx tx "request" "agent" …
const ALB =
  /^(https?|h2|grpcs?|wss?) (\d{4}-\d{2}-\d{2}T\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\d{3}|-) (\d{3}|-) (\d+|-) (\d+|-) "([^"\\]*(?:\\.[^"\\]*)*)" "([^"\\]*(?:\\.[^"\\]*)*)"/;
// uvicorn: INFO:     127.0.0.1:53422 - "GET /health HTTP/1.1" 200 OK
const UVICORN = /^[A-Z]+:\s+(\S+) - "([^"\\]*(?:\\.[^"\\]*)*)" (\d{3})\b/;

function splitRequest(request: string): Record<string, string> {
  const [method, path, protocol] = request.split(' ');
  const out: Record<string, string> = {};
  if (method !== undefined && /^[A-Z]{3,10}$/.test(method)) out.method = method;
  if (path !== undefined) out.path = path;
  if (protocol !== undefined) out.protocol = protocol;
  return out;
}

function numberOrUndefined(value: string | undefined): number | undefined {
  if (value === undefined || value === '-') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function withStatus(match: StyleMatch, status: number | undefined): StyleMatch {
  if (status === undefined) return match;
  return { ...match, statusCode: status, level: levelFromHttpStatus(status) };
}

/** HTTP access logs, where the status code is the signal: 5xx → ERROR, 4xx → WARN, else INFO. */
export function recogniseAccess(ctx: LineContext): StyleMatch | undefined {
  const head = ctx.head;
  const clf = CLF.exec(head);
  if (clf) {
    const status = statusFromValue(clf[6]);
    const timeStart = head.indexOf('[');
    const time = readLeadingTimestamp(head.slice(timeStart), ctx.eventMs);
    const extra = head.slice(clf[0].length).trim();
    return withStatus(
      {
        style: 'access',
        at: time?.at,
        level: 'INFO',
        bodyStart: head.indexOf('"', timeStart),
        fields: withoutUndefined({
          client: clf[1],
          user: clf[3] === '-' ? undefined : clf[3],
          request: clf[5],
          ...splitRequest(clf[5] ?? ''),
          status,
          bytes: numberOrUndefined(clf[7]),
          referer: clf[8],
          userAgent: clf[9],
          ...(extra.length > 0 ? { extra } : {}),
          ...(/^\d+(?:\.\d+)?$/.test(extra) ? { requestTimeSeconds: Number(extra) } : {}),
        }),
      },
      status,
    );
  }
  const alb = ALB.exec(head);
  if (alb) {
    const status = statusFromValue(alb[9]);
    return withStatus(
      {
        style: 'access',
        at: readLeadingTimestamp(alb[2] ?? '', ctx.eventMs)?.at,
        level: 'INFO',
        // The ALB line's tail (ARNs, trace ids, rule names) says nothing the fields do not.
        message: `"${alb[13]}" ${alb[9]} ${alb[10]}`,
        fields: withoutUndefined({
          type: alb[1],
          elb: alb[3],
          client: alb[4],
          target: alb[5],
          requestProcessingTime: numberOrUndefined(alb[6]),
          targetProcessingTime: numberOrUndefined(alb[7]),
          responseProcessingTime: numberOrUndefined(alb[8]),
          status,
          targetStatus: statusFromValue(alb[10]),
          receivedBytes: numberOrUndefined(alb[11]),
          sentBytes: numberOrUndefined(alb[12]),
          request: alb[13],
          ...splitRequest(alb[13] ?? ''),
          userAgent: alb[14],
        }),
      },
      status,
    );
  }
  const uvicorn = UVICORN.exec(head);
  if (uvicorn) {
    const status = statusFromValue(uvicorn[3]);
    return withStatus(
      {
        style: 'access',
        level: 'INFO',
        bodyStart: head.indexOf('"'),
        fields: { client: uvicorn[1], request: uvicorn[2], ...splitRequest(uvicorn[2] ?? ''), status },
      },
      status,
    );
  }
  return undefined;
}
