import type { LogLevel } from '../../../domain/log-event.ts';
import { findLevelWord, normaliseLevel } from '../level.ts';
import type { LineContext, StyleMatch } from '../style-match.ts';
import { epochToMs } from '../timestamp.ts';

const CLIENT_TAG = /^\[(?:Consumer|Producer|AdminClient|Admin) (?:clientId|instanceId)=/;
const KAFKA_LOGGER = /(?:^|\.)kafka\b|^o\.a\.k\./i;
// Broker/log4j `[%d] %p %m (%c)`: the logger closes the line in parentheses.
const TRAILING_LOGGER = /\((?:kafka|org\.apache\.kafka|state\.change\.logger)[\w.$]*\)$/;
const LEVEL_THEN_BODY = /^(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\s+/;
// librdkafka: %severity|epoch.seconds|FACILITY|client-name| message
const LIBRDKAFKA = /^%(\d)\|(\d{9,11}(?:\.\d{1,6})?)\|([\w-]{1,40})\|([^|]{1,200})\|\s*/;
const SARAMA = /^\[sarama\]\s+/;

const SYSLOG_SEVERITY: LogLevel[] = ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG'];

/** Whether a Java-style line comes from a Kafka client, by its logger or its `[Consumer clientId=…]` tag. */
export function isKafkaSource(logger: string | undefined, body: string): boolean {
  return (logger !== undefined && KAFKA_LOGGER.test(logger)) || CLIENT_TAG.test(body);
}

/** Kafka brokers and clients: log4j `[time] LEVEL msg (kafka.x)`, client-tagged lines, librdkafka, sarama. */
export function recogniseKafka(ctx: LineContext): StyleMatch | undefined {
  const line = ctx.head;
  const rd = LIBRDKAFKA.exec(line);
  if (rd) {
    return {
      style: 'kafka',
      at: epochToMs(Number(rd[2])),
      level: SYSLOG_SEVERITY[Number(rd[1])] ?? 'DEBUG',
      bodyStart: rd[0].length,
      fields: { facility: rd[3], client: rd[4] },
    };
  }
  const sarama = SARAMA.exec(line);
  if (sarama) {
    return { style: 'kafka', level: findLevelWord(line), bodyStart: sarama[0].length };
  }
  if (!ctx.leading) return undefined;
  const rest = line.slice(ctx.leading.end).trimStart();
  const level = LEVEL_THEN_BODY.exec(rest);
  if (!level) return undefined;
  const body = rest.slice(level[0].length);
  if (!TRAILING_LOGGER.test(body) && !CLIENT_TAG.test(body)) return undefined;
  return {
    style: 'kafka',
    at: ctx.leading.at,
    level: normaliseLevel(level[1] ?? ''),
    bodyStart: line.length - body.length,
  };
}
