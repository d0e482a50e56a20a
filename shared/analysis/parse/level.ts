import type { LogLevel } from '../../domain/log-event.ts';

const LEVEL_WORDS: Record<string, LogLevel> = {
  trace: 'TRACE',
  trac: 'TRACE',
  finest: 'TRACE',
  finer: 'TRACE',
  debug: 'DEBUG',
  debu: 'DEBUG',
  dbg: 'DEBUG',
  fine: 'DEBUG',
  verbose: 'DEBUG',
  debug1: 'DEBUG',
  debug2: 'DEBUG',
  debug3: 'DEBUG',
  debug4: 'DEBUG',
  debug5: 'DEBUG',
  info: 'INFO',
  inf: 'INFO',
  information: 'INFO',
  informational: 'INFO',
  notice: 'INFO',
  config: 'INFO',
  log: 'INFO',
  warn: 'WARN',
  warning: 'WARN',
  wrn: 'WARN',
  err: 'ERROR',
  erro: 'ERROR',
  error: 'ERROR',
  severe: 'ERROR',
  fatal: 'FATAL',
  fata: 'FATAL',
  critical: 'FATAL',
  crit: 'FATAL',
  panic: 'FATAL',
  pani: 'FATAL',
  dpanic: 'FATAL',
  emerg: 'FATAL',
  emergency: 'FATAL',
  alert: 'FATAL',
};

const SEVERITY: Record<LogLevel, number> = {
  UNKNOWN: 0,
  TRACE: 1,
  DEBUG: 2,
  INFO: 3,
  WARN: 4,
  ERROR: 5,
  FATAL: 6,
};

/** Maps a level word in any case (`warning`, `ERR`, `crit`, `I` of klog is handled elsewhere) to a level. */
export function normaliseLevel(word: string): LogLevel | undefined {
  if (word.length === 0 || word.length > 13) return undefined;
  return LEVEL_WORDS[word.toLowerCase()];
}

/** Pino/bunyan numeric levels (10 trace … 60 fatal). */
export function levelFromNumber(value: number): LogLevel | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (value >= 60) return 'FATAL';
  if (value >= 50) return 'ERROR';
  if (value >= 40) return 'WARN';
  if (value >= 30) return 'INFO';
  if (value >= 20) return 'DEBUG';
  if (value >= 10) return 'TRACE';
  return undefined;
}

export function levelFromHttpStatus(status: number): LogLevel {
  if (status >= 500) return 'ERROR';
  if (status >= 400) return 'WARN';
  return 'INFO';
}

export function isAtLeast(level: LogLevel, floor: LogLevel): boolean {
  return SEVERITY[level] >= SEVERITY[floor];
}

export function maxLevel(a: LogLevel, b: LogLevel): LogLevel {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

// Upper-case words only: lower-case "error" is too common in message prose to mean a level.
const LEVEL_WORD_UPPER =
  /(?<![\w.-])(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|FATAL|CRITICAL|CRIT|PANIC|EMERGENCY)(?![\w-])/;
const LEVEL_WORD_BRACKETED =
  /[[<(](trace|debug|info|notice|warn|warning|error|err|severe|fatal|critical|crit|panic|emerg|alert)[\])>]/i;

/** The first level word in free text: an upper-case word (`ERROR`) or any-case bracketed one (`[warn]`). */
export function findLevelWord(text: string): LogLevel | undefined {
  const upper = LEVEL_WORD_UPPER.exec(text);
  const bracketed = LEVEL_WORD_BRACKETED.exec(text);
  const first =
    upper && bracketed ? (upper.index <= bracketed.index ? upper : bracketed) : (upper ?? bracketed);
  return first?.[1] === undefined ? undefined : normaliseLevel(first[1]);
}
