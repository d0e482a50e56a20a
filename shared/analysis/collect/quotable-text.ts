import type { LogRecord } from '../../domain/log-event.ts';
import { cutQuote } from '../parse/cut.ts';

/**
 * The first physical line of a record as it stood in its event: what evidence quotes verbatim.
 * Some formats say only who and when on their first line and what happened on the next (a MySQL
 * slow query entry's headers, .NET's console logger): then the message its style read is the quote.
 */
export function quotableText(record: LogRecord): string {
  // Cut to a few KB, the cut marked: a quote is for reading, and a 50 MB line would make 100 MB reports.
  if (record.lineCount <= 1 && !record.raw.includes('\n')) return cutQuote(record.raw);
  const nl = record.raw.indexOf('\n');
  const first = nl === -1 ? record.raw : record.raw.slice(0, nl);
  const says = record.message.slice(0, 40);
  const later = says !== '' && !first.includes(says) && record.raw.includes(says);
  return cutQuote(later ? record.message : first);
}
