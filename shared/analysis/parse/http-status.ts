import { HEAD_LIMIT } from './limits.ts';

// `"GET /path HTTP/1.1" 200` or `GET /path 200 12ms` / `GET /path 200 in 12 ms`: the status right after a request.
const REQUEST_STATUS =
  /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\/\S{0,2000}?(?:\s+HTTP\/[\d.]+"?|"?)\s+([1-5]\d\d)(?=$|[\s,;:)])/;
const STATUS_KEY = /\b(?:status|status_code|statusCode|http_status)[=:]\s?"?([1-5]\d\d)\b/;

/** The HTTP status an application line states plainly, or undefined when none is clear. */
export function statusFromText(text: string): number | undefined {
  const head = text.length > HEAD_LIMIT ? text.slice(0, HEAD_LIMIT) : text;
  const m = REQUEST_STATUS.exec(head) ?? STATUS_KEY.exec(head);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

export function statusFromValue(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}
