import type { LogLevel } from '../../domain/log-event.ts';
import { FAILURE_WORDS, SIGNAL_RULES, type SignalRule } from './lexicon.ts';

export interface LineSignal {
  faultClass: SignalRule['faultClass'];
  strength: number;
  own: boolean;
  /** The words name the emitter's own identity as the one refused (see SignalRule). */
  callerIdentity?: true;
}

const SCAN_LIMIT = 2000;
/**
 * A failure counter or flag that says there was none (`errors=false`, `failed: 0`, `"timeouts":0`,
 * "0 errors", "no failures"): routine summary lines of healthy work, not trouble.
 */
const NEGATED_COUNTER =
  /\b[\w.]*(?:errors?|fail(?:ed|ures?)?|timeouts?)["']?\s*[=:]\s*["']?(?:false|0|none|null)\b|\b(?:0|no|zero)\s+(?:errors?|failures?|timeouts?)\b/gi;

/**
 * A JSON object's keys (`"responseLatency":`, `"throttled":`) are the schema of every line it writes,
 * healthy ones too: only its values can say what went wrong.
 */
const JSON_KEY = /"[A-Za-z_@$][\w.@$-]*"\s*:/g;

/** The fault signals a message carries: one per class, the strongest rule of each. */
export function lineSignals(message: string): LineSignal[] {
  const cut = message.length > SCAN_LIMIT ? message.slice(0, SCAN_LIMIT) : message;
  const text = cut.includes('":') ? cut.replace(JSON_KEY, '"":') : cut;
  const byClass = new Map<string, LineSignal>();
  for (const r of SIGNAL_RULES) {
    if (!r.pattern.test(text)) continue;
    const seen = byClass.get(r.faultClass);
    // The refusal of the emitter's own identity says more than a refusal in general words.
    if (!seen || r.strength > seen.strength || (r.callerIdentity && r.strength === seen.strength)) {
      byClass.set(r.faultClass, {
        faultClass: r.faultClass,
        strength: r.strength,
        own: r.own,
        ...(r.callerIdentity ? { callerIdentity: true as const } : {}),
      });
    }
  }
  return [...byClass.values()];
}

/**
 * A line's signals together with those of the exceptions its folded stack traces end in. A runtime
 * prints the fault's own words in the exception (`CommitFailedException: ...`, `KeyError: 'X'`)
 * while the head line often says only "Consumer exception" or "Exception in ASGI application";
 * each class keeps its strongest signal. An exception is what a call raised, and a client library
 * raises the failure of the server it called (`PSQLException: ERROR: deadlock detected`) in the
 * same words as its own: so an exception's signal tells the class, never that the fault is the
 * emitter's own, unless its words name the emitter's own identity as the one refused.
 */
export function withExceptionSignals(
  signals: readonly LineSignal[],
  exceptions: Iterable<string | undefined>,
): LineSignal[] {
  const byClass = new Map<string, LineSignal>(signals.map((s) => [s.faultClass, s]));
  const seen = new Set<string>();
  for (const exception of exceptions) {
    if (exception === undefined || exception.length === 0 || seen.has(exception)) continue;
    seen.add(exception);
    for (const s of lineSignals(exception)) {
      const had = byClass.get(s.faultClass);
      if (!had || s.strength > had.strength || (s.callerIdentity && !had.own))
        byClass.set(s.faultClass, { ...s, own: s.callerIdentity === true });
    }
  }
  return [...byClass.values()];
}

const LEVEL_WEIGHT: Record<LogLevel, number> = {
  FATAL: 1,
  ERROR: 0.85,
  WARN: 0.6,
  UNKNOWN: 0.4,
  INFO: 0.25,
  DEBUG: 0.1,
  TRACE: 0.1,
};

export function levelWeight(level: LogLevel): number {
  return LEVEL_WEIGHT[level];
}

/** A line that reports trouble: a warning or worse, or failure words, or a fault signal. */
export function isErrorLike(level: LogLevel, message: string, signals: LineSignal[]): boolean {
  if (level === 'WARN' || level === 'ERROR' || level === 'FATAL') return true;
  if (signals.some((s) => s.strength >= 0.8)) return true;
  if (level === 'DEBUG' || level === 'TRACE') return false;
  const head = message.length > SCAN_LIMIT ? message.slice(0, SCAN_LIMIT) : message;
  return FAILURE_WORDS.test(head.replace(NEGATED_COUNTER, ' '));
}
