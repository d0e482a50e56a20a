import { normaliseLevel } from '../level.ts';
import { JAVA_EXCEPTION_HEADER } from '../stack-lines.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { clockPrefixLength } from '../timestamp.ts';
import { isKafkaSource } from './kafka.ts';

const JAVA_FRAME =
  /^\s+at\s+[\w$.<>/]+\((?:[\w$.-]+\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source)\)$/;
const LEVELS = 'TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE';
const LOGGER = '[\\w$.#:\\-]{1,300}?';
// LEVEL [thread] logger - msg   (Logback/log4j with the level first)
const LEVEL_THREAD = new RegExp(`^(${LEVELS})\\s+\\[([^\\]]{1,200})\\]\\s+(${LOGGER})\\s+-\\s`);
// [thread] LEVEL logger - msg   (Logback's default pattern)
const THREAD_LEVEL = new RegExp(`^\\[([^\\]]{1,200})\\]\\s+(${LEVELS})\\s+(${LOGGER})\\s+-\\s`);
// LEVEL pid --- [app] [thread] logger : msg   (Spring Boot)
const SPRING = new RegExp(
  `^(${LEVELS})\\s+(\\d+)\\s+---\\s+(?:\\[[^\\]]{0,200}\\]\\s+)?\\[\\s*([^\\]]{1,200})\\]\\s+(${LOGGER})\\s*:\\s`,
);
// LEVEL a.b.ClassName#line msg  /  LEVEL com.x.Class - msg   (a class-named logger, no thread)
// Tomcat's abbreviated loggers carry brackets: `o.a.c.c.C.[.[.[.[dispatcherServlet]#175`.
const LEVEL_CLASS = new RegExp(
  `^(${LEVELS})\\s+((?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*|[\\w$.[\\]/-]{0,200}\\.[\\w$.[\\]/-]{0,200}(?=#\\d))(?:[#:](\\d+))?\\s+(?:-\\s+)?`,
);

interface JavaParts {
  level: string;
  thread?: string | undefined;
  logger: string;
  end: number;
}

function matchParts(rest: string): JavaParts | undefined {
  let m = LEVEL_THREAD.exec(rest);
  if (m) return { level: m[1] ?? '', thread: m[2], logger: m[3] ?? '', end: m[0].length };
  m = THREAD_LEVEL.exec(rest);
  if (m) return { level: m[2] ?? '', thread: m[1], logger: m[3] ?? '', end: m[0].length };
  m = SPRING.exec(rest);
  if (m) return { level: m[1] ?? '', thread: m[3]?.trim(), logger: m[4] ?? '', end: m[0].length };
  m = LEVEL_CLASS.exec(rest);
  if (m)
    return {
      level: m[1] ?? '',
      logger: m[3] === undefined ? (m[2] ?? '') : `${m[2]}#${m[3]}`,
      end: m[0].length,
    };
  return undefined;
}

/** Java (Logback, log4j, Spring Boot) lines with a thread and/or class logger, and bare exception headers. */
export function recogniseJava(ctx: LineContext): StyleMatch | undefined {
  const line = ctx.head;
  if (JAVA_EXCEPTION_HEADER.test(line)) {
    return { style: 'java', level: 'ERROR', bodyStart: 0, exception: line.slice(0, 500) };
  }
  // A frame on its own: the event that started its trace went to another stream or was not fetched.
  if (JAVA_FRAME.test(line)) return { style: 'java', bodyStart: 0 };
  const prefixEnd = ctx.leading?.end ?? clockPrefixLength(line) ?? 0;
  const rest = line.slice(prefixEnd).trimStart();
  const parts = matchParts(rest);
  if (!parts) return undefined;
  const bodyStart = line.length - rest.length + parts.end;
  const logger = parts.logger;
  return {
    style: isKafkaSource(logger, line.slice(bodyStart)) ? 'kafka' : 'java',
    at: ctx.leading?.at,
    level: normaliseLevel(parts.level),
    bodyStart,
    fields: parts.thread === undefined ? { logger } : { thread: parts.thread, logger },
  };
}
