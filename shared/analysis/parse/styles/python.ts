import { normaliseLevel } from '../level.ts';
import { PY_TRACEBACK } from '../stack-lines.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';

const PY_LEVELS = 'DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL';
// asctime - name - LEVEL - message, or asctime - LEVEL - message
const DASHED = new RegExp(`^-\\s+(?:([\\w.\\-]{1,120})\\s+-\\s+)?(${PY_LEVELS})\\s+-\\s?`);
// [asctime] LEVEL in module: message (Flask)
const FLASK = new RegExp(`^(${PY_LEVELS}) in ([\\w.]+): `);
// gunicorn: [asctime] [pid] [LEVEL] message
const GUNICORN = /^\[(\d+)\] \[(DEBUG|INFO|WARNING|ERROR|CRITICAL)\] /;
// logging.basicConfig default: LEVEL:logger:message
const BASIC = new RegExp(`^(${PY_LEVELS}):([\\w.]+):`);

/** Python `logging` formats and tracebacks. The logger name is kept in fields, not used as the service. */
export function recognisePython(ctx: LineContext): StyleMatch | undefined {
  const line = ctx.head;
  if (PY_TRACEBACK.test(line)) return { style: 'python', level: 'ERROR', bodyStart: 0 };
  if (ctx.leading) {
    const rest = line.slice(ctx.leading.end);
    const offset = ctx.leading.end + (rest.length - rest.trimStart().length);
    const body = rest.trimStart();
    const dashed = DASHED.exec(body);
    if (dashed) {
      return {
        style: 'python',
        at: ctx.leading.at,
        level: normaliseLevel(dashed[2] ?? ''),
        bodyStart: offset + dashed[0].length,
        ...(dashed[1] === undefined ? {} : { fields: { logger: dashed[1] } }),
      };
    }
    const flask = line.startsWith('[') ? FLASK.exec(body) : null;
    if (flask) {
      return {
        style: 'python',
        at: ctx.leading.at,
        level: normaliseLevel(flask[1] ?? ''),
        bodyStart: offset + flask[0].length,
        fields: { logger: flask[2] },
      };
    }
    const gunicorn = line.startsWith('[') ? GUNICORN.exec(body) : null;
    if (gunicorn) {
      return {
        style: 'python',
        at: ctx.leading.at,
        level: normaliseLevel(gunicorn[2] ?? ''),
        bodyStart: offset + gunicorn[0].length,
        fields: { pid: Number(gunicorn[1]) },
      };
    }
    return undefined;
  }
  const basic = BASIC.exec(line);
  if (basic) {
    return {
      style: 'python',
      level: normaliseLevel(basic[1] ?? ''),
      bodyStart: basic[0].length,
      fields: { logger: basic[2] },
    };
  }
  return undefined;
}
