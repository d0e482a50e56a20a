import type { LogLevel } from '../../../domain/log-event.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { monthIndex, utcMs, withInferredYear } from '../timestamp.ts';

// Redis verbosity markers: . debug, - verbose, * notice, # warning.
const MARKER_LEVEL: Record<string, LogLevel> = { '.': 'TRACE', '-': 'DEBUG', '*': 'INFO', '#': 'WARN' };
const ROLES: Record<string, string> = { M: 'master', S: 'replica', C: 'child', X: 'sentinel' };

// pid:role DD Mon YYYY HH:MM:SS.mmm marker message (Redis ≥ 3)
const MODERN =
  /^(\d+):([MSCX]) (\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ([.\-*#]) /;
// [pid] DD Mon HH:MM:SS.mmm marker message (Redis 2)
const LEGACY = /^\[(\d+)\] (\d{1,2}) ([A-Za-z]{3}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ([.\-*#]) /;

/** Redis server log lines, level from the verbosity marker after the `pid:role` prefix. */
export function recogniseRedis(ctx: LineContext): StyleMatch | undefined {
  const line = ctx.head;
  const modern = MODERN.exec(line);
  if (modern) {
    const month = monthIndex(modern[4] ?? '');
    const at =
      month === undefined
        ? undefined
        : utcMs(
            Number(modern[5]),
            month,
            Number(modern[3]),
            Number(modern[6]),
            Number(modern[7]),
            Number(modern[8]),
            modern[9],
          );
    return {
      style: 'redis',
      at,
      level: MARKER_LEVEL[modern[10] ?? ''],
      bodyStart: modern[0].length,
      fields: { pid: Number(modern[1]), role: ROLES[modern[2] ?? ''] },
    };
  }
  const legacy = LEGACY.exec(line);
  if (legacy) {
    const month = monthIndex(legacy[3] ?? '');
    const at =
      month === undefined
        ? undefined
        : withInferredYear(
            ctx.eventMs,
            month,
            Number(legacy[2]),
            Number(legacy[4]),
            Number(legacy[5]),
            Number(legacy[6]),
            legacy[7],
          );
    return {
      style: 'redis',
      at,
      level: MARKER_LEVEL[legacy[8] ?? ''],
      bodyStart: legacy[0].length,
      fields: { pid: Number(legacy[1]) },
    };
  }
  return undefined;
}
