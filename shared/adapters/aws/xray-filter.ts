/** Most services one filter expression names. */
export const MAX_FILTER_SERVICES = 20;

/**
 * A service name that can be quoted in a filter expression: the expression language has no escape,
 * so a name holding a quote, a backslash or a control character is left out (and said), never
 * spliced in.
 */
const QUOTABLE = /^[\p{L}\p{N}\p{P}\p{S} ]{1,200}$/u;
const UNQUOTABLE = /["\\]/;

export interface TraceFilters {
  /** The traces of the services in play (undefined: every trace of the window). */
  all: string | undefined;
  /** The same traces that ended in a fault, an error or throttling. */
  failed: string;
  /** Names that could not be quoted, or were past MAX_FILTER_SERVICES. */
  skipped: string[];
}

/** GetTraceSummaries filter expressions for the services in play. */
export function traceFilters(services: readonly string[]): TraceFilters {
  const unique = [...new Set(services.map((s) => s.trim()).filter((s) => s !== ''))];
  const quotable = unique.filter((s) => QUOTABLE.test(s) && !UNQUOTABLE.test(s));
  const used = quotable.slice(0, MAX_FILTER_SERVICES);
  const skipped = unique.filter((s) => !used.includes(s));
  const all = used.length > 0 ? used.map((s) => `service("${s}")`).join(' OR ') : undefined;
  const failing = 'fault = true OR error = true OR throttle = true';
  return { all, failed: all ? `(${all}) AND (${failing})` : failing, skipped };
}
