import { FindingTally, type RedactionFinding } from './findings.ts';
import { isMaskedValue, secretKindForKey } from './key-value.ts';
import { marker } from './kinds.ts';
import { redactInto } from './redact.ts';

export interface DeepRedaction<T> {
  readonly value: T;
  readonly findings: RedactionFinding[];
}

const AUTHORIZATION_KEY = /authorization$/i;
const AUTHORIZATION_PREFIX = 'Authorization: ';

/** A string field: masked whole when its name says secret (`{ password: 'hunter2' }`), else scanned. */
function redactField(key: string | null, value: string, tally: FindingTally): string {
  if (key !== null && AUTHORIZATION_KEY.test(key)) {
    // Scanned as the header line it came from, so `Bearer`/`Basic` credentials get their header context.
    return redactInto(AUTHORIZATION_PREFIX + value, tally).slice(AUTHORIZATION_PREFIX.length);
  }
  const kind = key === null ? null : secretKindForKey(key, value);
  if (kind === null || isMaskedValue(value)) return redactInto(value, tally);
  tally.add(kind);
  return marker(kind);
}

function walk(value: unknown, key: string | null, tally: FindingTally): unknown {
  if (typeof value === 'string') return redactField(key, value, tally);
  if (Array.isArray(value)) return value.map((item) => walk(item, key, tally));
  if (value instanceof Date) return new Date(value.getTime());
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines own properties, so a `__proto__` key stays data. Keys are redacted too
  // (a map keyed by e-mail address); two keys that redact alike keep the later value.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactInto(k, tally), walk(v, k, tally)]));
}

/**
 * A copy of a JSON-like value (plain objects, arrays, primitives) with every string, key included,
 * redacted, plus the findings summed over all of them.
 */
export function redactDeep<T>(value: T): DeepRedaction<T> {
  const tally = new FindingTally();
  return { value: walk(value, null, tally) as T, findings: tally.toFindings() };
}
