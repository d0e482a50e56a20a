import * as z from 'zod';

/** One CloudWatch Logs event as FilterLogEvents returns it, plus its log group (CONTRACT.md §1). */
export const logEventSchema = z.object({
  logGroup: z.string().min(1),
  logStream: z.string().optional(),
  timestamp: z.number().finite(),
  message: z.string(),
  ingestionTime: z.number().optional(),
  eventId: z.string().optional(),
});
export type LogEvent = z.infer<typeof logEventSchema>;

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'UNKNOWN'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The log style a record was recognised as; `raw` means no known style matched. */
export const LOG_STYLES = [
  'json',
  'logfmt',
  'plain',
  'java',
  'python',
  'go',
  'lambda',
  'node',
  'access',
  'postgres',
  'mysql',
  'redis',
  'kafka',
  'k8s-event',
  'cloudtrail',
  'aws-event',
  'raw',
] as const;
export type LogStyle = (typeof LOG_STYLES)[number];

/** A parsed log record: one logical entry, which may span several physical lines or events. */
export interface LogRecord {
  /** Epoch milliseconds: from the message when it carries a timestamp, else the event's. */
  at: number;
  timestampSource: 'message' | 'event';
  level: LogLevel;
  /** The emitting service; may differ from the log group's service. */
  service: string;
  logGroup: string;
  logStream?: string;
  /** The message body without its timestamp/level prefix (first line for multi-line bodies). */
  message: string;
  /** The verbatim text of the record, all folded lines joined with '\n'. */
  raw: string;
  style: LogStyle;
  /** False when no known style matched: the record is kept and counted, never dropped. */
  parsed: boolean;
  /** Why the record is marked unparsed (binary junk, empty, …). */
  parseNote?: string;
  /** Structured fields when the style has them (JSON, logfmt, CloudTrail, access logs). */
  fields?: Record<string, unknown>;
  /** HTTP status code for access-log style lines. */
  statusCode?: number;
  /** The line naming the failure in a stack trace or crash dump (Java root cause, Python's last line, Go panic). */
  exception?: string;
  /** How many physical lines/events were folded into this record. */
  lineCount: number;
}
