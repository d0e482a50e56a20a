import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IncidentFolderSource } from '../../shared/adapters/local/incident-folder.ts';

const D02 = fileURLToPath(new URL('../../examples/d02-coupon-cache-leak', import.meta.url));

/** The alarm of examples/d02-coupon-cache-leak, the incident `manyStreams` scales. */
export const D02_ALARM = join(D02, 'alarm.json');

/**
 * logs.jsonl of d02 with every event copied onto `copies` streams (a few ms apart), and Java
 * stack traces logged one line per event, interleaved across the streams: a report of it depends
 * on every stream's lines being folded together, in order.
 */
export function manyStreams(copies: number): string {
  const source = new IncidentFolderSource(D02).load();
  const lines: string[] = [];
  let n = 0;
  for (const e of source.events) {
    const streams = Array.from({ length: copies }, (_, k) => ({
      ...e,
      logStream: `${e.logStream ?? 'stream'}#${k}`,
      timestamp: e.timestamp + k,
    }));
    for (const copy of streams) lines.push(JSON.stringify(copy));
    if (!e.logGroup.endsWith('payment-service') || n++ % 40 !== 0) continue;
    const trace = [
      `java.lang.IllegalStateException: coupon cache rejected entry ${n}`,
      '\tat com.shop.coupons.CouponCache.put(CouponCache.java:88)',
      '\tat com.shop.payments.PaymentService.charge(PaymentService.java:214)',
      '\t... 12 more',
    ];
    trace.forEach((message, i) => {
      for (const copy of streams)
        lines.push(JSON.stringify({ ...copy, timestamp: copy.timestamp + i, message }));
    });
  }
  return `${lines.join('\n')}\n`;
}
