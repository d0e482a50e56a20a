import type { LogRecord } from '../../domain/log-event.ts';
import { cutQuote } from '../parse/cut.ts';

/** The first physical line of a record as it stood in its event: what evidence quotes verbatim. */
export function quotableText(record: LogRecord): string {
  // A MySQL slow query entry opens with header lines that say only when and who; what it says (how
  // long, which statement) is the message its style read from the lines after them.
  if (record.style === 'mysql' && record.fields?.query_time_ms !== undefined) return cutQuote(record.message);
  // Cut to a few KB, the cut marked: a quote is for reading, and a 50 MB line would make 100 MB reports.
  if (record.lineCount <= 1) return cutQuote(record.raw);
  const nl = record.raw.indexOf('\n');
  return cutQuote(nl === -1 ? record.raw : record.raw.slice(0, nl));
}
