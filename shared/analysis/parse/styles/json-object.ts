import { JSON_LIMIT, JSON_MAX_DEPTH } from '../limits.ts';
import { isRecord } from '../text.ts';

export type JsonParse = { value: Record<string, unknown> } | { error: string };

function nestingExceeds(text: string, limit: number): boolean {
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

/** `obj.a.b` for a dotted path, also accepting a flat `"a.b"` key (ECS/OpenTelemetry style). */
export function pathValue(obj: Record<string, unknown>, path: string): unknown {
  const direct = obj[path];
  if (direct !== undefined || !path.includes('.')) return direct;
  let current: unknown = obj;
  for (const key of path.split('.')) {
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
