import { statusFromValue } from '../http-status.ts';
import { normaliseLevel } from '../level.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { timestampFromValue } from '../timestamp.ts';

const KNOWN_KEYS = new Set([
  'level',
  'lvl',
  'severity',
  'msg',
  'message',
  'ts',
  'time',
  't',
  'timestamp',
  'caller',
  'service',
  'app',
  'err',
  'error',
  'logger',
  'component',
]);

/**
 * `key=value key="quoted \" value"` pairs, read in one linear pass. Returns undefined as soon as the
 * text stops being pairs, so prose containing one `a=b` is not mistaken for logfmt.
 */
export function parseLogfmtPairs(text: string): Record<string, string> | undefined {
  const pairs: Record<string, string> = {};
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === ' ') i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && /[\w.@/-]/.test(text[i] ?? '')) i++;
    if (i === keyStart || text[i] !== '=') return undefined;
    const key = text.slice(keyStart, i);
    i++;
    let value: string;
    if (text[i] === '"') {
      i++;
      let out = '';
      while (i < n && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < n) {
          const next = text[i + 1];
          out += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
          i += 2;
        } else {
          out += text[i];
          i++;
        }
      }
      if (i >= n) return undefined;
      i++;
      value = out;
    } else {
      const valueStart = i;
      while (i < n && text[i] !== ' ') i++;
      value = text.slice(valueStart, i);
    }
    pairs[key] = value;
  }
  return pairs;
}

/** The most of an error pair added to the summary message. */
const ERROR_DETAIL_LIMIT = 500;

/** logfmt (`ts=… level=warn service=x msg="…"`), optionally after a leading timestamp. */
export function recogniseLogfmt(ctx: LineContext): StyleMatch | undefined {
  const start = ctx.leading ? ctx.leading.end : 0;
  const text = ctx.line.slice(start, start + 65_536).trim();
  if (!/^[\w.@/-]+=/.test(text)) return undefined;
  const pairs = parseLogfmtPairs(text);
  if (!pairs) return undefined;
  const keys = Object.keys(pairs);
  if (keys.length < 2 || !keys.some((k) => KNOWN_KEYS.has(k))) return undefined;
  const levelWord = pairs.level ?? pairs.lvl ?? pairs.severity;
  const service = pairs.service ?? pairs.app ?? pairs['service.name'];
  const time = pairs.ts ?? pairs.time ?? pairs.t ?? pairs.timestamp;
  // The error in its own pair names the fault, as in a JSON line (styles/json.ts withErrorDetail).
  const summary = pairs.msg ?? pairs.message;
  const detail = pairs.err ?? pairs.error;
  const message =
    summary === undefined
      ? detail
      : detail === undefined || detail.trim() === '' || summary.includes(detail)
        ? summary
        : `${summary}: ${detail.slice(0, ERROR_DETAIL_LIMIT)}`;
  return {
    style: 'logfmt',
    at: (time === undefined ? undefined : timestampFromValue(time, ctx.eventMs)) ?? ctx.leading?.at,
    level: levelWord === undefined ? undefined : normaliseLevel(levelWord),
    service: service !== undefined && service.length > 0 && service.length <= 200 ? service : undefined,
    message: message ?? text,
    fields: pairs,
    statusCode: statusFromValue(pairs.status ?? pairs.status_code ?? pairs.code),
  };
}
