import type { LogRecord } from '../../domain/log-event.ts';
import { isRecord } from './text.ts';

/** An AWS service event as an EventBridge rule wrote it to a log group: its envelope's fields. */
export interface ServiceEvent {
  source: unknown;
  detailType: unknown;
  detail: Record<string, unknown>;
}

/** The envelope of an AWS service event an EventBridge rule wrote (the aws-event style): undefined for other lines. */
export function serviceEvent(record: LogRecord): ServiceEvent | undefined {
  const envelope = record.style === 'aws-event' ? record.fields : undefined;
  const detail = envelope?.detail;
  return envelope && isRecord(detail)
    ? { source: envelope.source, detailType: envelope['detail-type'], detail }
    : undefined;
}
