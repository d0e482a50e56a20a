import type { LogLevel, LogRecord } from '../../../domain/log-event.ts';
import type { LineSignal } from '../../signals/classify-line.ts';
import type { TriggerFinding } from './trigger.ts';

/** What the activity finder reads of a pattern (the collect step's PatternStat has it all). */
export interface ActivityPattern {
  service: string;
  level: LogLevel;
  errorLike: boolean;
  signals: readonly LineSignal[];
  /** The pattern's earliest line. */
  firstRecord: LogRecord | undefined;
}

/** How long before the first anomaly a new activity may still have set it off. */
const LEAD_MS = 15 * 60_000;
/** History a service needs before a line of it can be called new (not a routine just out of view). */
const HISTORY_MS = 10 * 60_000;
/** Lines of one activity follow each other closer than this (a job's start, then its progress). */
const CHAIN_GAP_MS = 5 * 60_000;
const QUIET_LEVELS: ReadonlySet<LogLevel> = new Set(['INFO', 'DEBUG', 'TRACE']);

/**
 * A load that began just before the fault, when no deploy, configuration or policy change did: a
 * batch run, a scheduled rebuild, a season rollover. It shows in the logs as ordinary lines never
 * seen in the history of the origin or of a service reporting its fault (a template whose first
 * line comes after enough of that service's history to have shown it), or as a service that
 * starts logging only then, a few minutes before the origin's first anomaly.
 * Of such lines, the earliest of the run that ends nearest the onset is the activity's start.
 * Weaker evidence than an announced change, so its confidence stays at or under one half.
 */
export function inferActivity(
  patterns: readonly ActivityPattern[],
  services: ReadonlyMap<string, { firstAt: number }>,
  rootService: string,
  firstAnomalyAt: number,
  reporters: ReadonlySet<string> = new Set(),
): TriggerFinding | null {
  const logsStart = Math.min(...[...services.values()].map((s) => s.firstAt));
  const starts: LogRecord[] = [];
  for (const p of patterns) {
    const first = p.firstRecord;
    if (!first || p.errorLike || p.signals.length > 0 || !QUIET_LEVELS.has(p.level)) continue;
    // The audit trail's records are changes to the account, judged as such; they are no work.
    if (first.style === 'cloudtrail') continue;
    const at = first.at;
    if (at >= firstAnomalyAt || at < firstAnomalyAt - LEAD_MS) continue;
    const since = services.get(p.service)?.firstAt ?? at;
    // A line new in the history of the origin or of a service that reports its fault (a client
    // whose new load it refused), or a service that starts logging only now.
    const tied = p.service === rootService || reporters.has(p.service);
    const lineNew = tied && at - since >= HISTORY_MS;
    // The origin itself may be what began: a job that logs nothing until it runs.
    const serviceNew = (!tied || p.service === rootService) && since - logsStart >= HISTORY_MS;
    if (lineNew || serviceNew) starts.push(first);
  }
  if (starts.length === 0) return null;
  starts.sort((a, b) => a.at - b.at);
  let start = starts.length - 1;
  while (start > 0 && (starts[start] as LogRecord).at - (starts[start - 1] as LogRecord).at < CHAIN_GAP_MS)
    start--;
  const record = starts[start] as LogRecord;
  const leadSeconds = (firstAnomalyAt - record.at) / 1000;
  const closeness = Math.exp(-leadSeconds / 600);
  return {
    change: {
      kind: 'activity',
      at: record.at,
      service: record.service,
      description: record.message,
      record,
    },
    leadSeconds,
    confidence: Math.round((0.3 + 0.2 * closeness) * 100) / 100,
  };
}
