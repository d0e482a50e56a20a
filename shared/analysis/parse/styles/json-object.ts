import { JSON_LIMIT, JSON_MAX_DEPTH } from '../limits.ts';
import { isRecord } from '../text.ts';

export type JsonParse = { value: Record<string, unknown> } | { error: string };

/** Whether `text` holds more than `limit` of `{` and `[` in all: only then can it nest that deep. */
function mayNestBeyond(text: string, limit: number): boolean {
  let opens = 0;
  for (const bracket of ['{', '[']) {
    for (let i = text.indexOf(bracket); i !== -1; i = text.indexOf(bracket, i + 1)) {
      if (++opens > limit) return true;
    }
  }
  return false;
}

function nestingExceeds(text: string, limit: number): boolean {
  if (!mayNestBeyond(text, limit)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** The message as a JSON object, or why it is not one. Never throws. */
export function parseJsonObject(text: string): JsonParse {
  if (text.length > JSON_LIMIT) return { error: 'JSON too large to parse' };
  if (nestingExceeds(text, JSON_MAX_DEPTH)) return { error: 'JSON nested too deeply' };
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? { value } : { error: 'invalid JSON' };
  } catch {
    return { error: 'invalid or truncated JSON' };
  }
}

const segmentsOf = new Map<string, readonly string[]>();

/** The keys of a dotted path, split once per path (callers use a few fixed paths, on every line). */
function segments(path: string): readonly string[] {
  let keys = segmentsOf.get(path);
  if (keys === undefined) {
    keys = path.split('.');
    if (segmentsOf.size >= 1000) segmentsOf.clear();
    segmentsOf.set(path, keys);
  }
  return keys;
}

/** `obj.a.b` for a dotted path, also accepting a flat `"a.b"` key (ECS/OpenTelemetry style). */
export function pathValue(obj: Record<string, unknown>, path: string): unknown {
  const direct = obj[path];
  if (direct !== undefined) return direct;
  const keys = segments(path);
  if (keys.length === 1) return direct;
  let current: unknown = obj;
  for (const key of keys) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function firstValue(obj: Record<string, unknown>, paths: readonly string[]): unknown {
  for (const path of paths) {
    const value = pathValue(obj, path);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}
