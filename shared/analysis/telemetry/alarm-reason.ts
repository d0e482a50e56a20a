/**
 * What a CloudWatch alarm's state reason says about its metric: the threshold, the comparison and
 * the breaching datapoints ("... 1 out of the last 1 datapoints [0.16 (29/01/23 13:31:00)] was
 * greater than or equal to the threshold (0.1) ..."). The reason is untrusted text: only numbers
 * and dates are read from it, bounded.
 */
export interface AlarmReason {
  threshold: number | null;
  /** The bad direction the comparison implies, when stated. */
  direction: 'up' | 'down' | null;
  /** Times (epoch ms) of the breaching datapoints the reason lists. */
  breaches: number[];
}

const MAX_REASON = 4000;

export function parseAlarmReason(reason: string | undefined): AlarmReason {
  const text = (reason ?? '').slice(0, MAX_REASON);
  const threshold = /threshold\s*\(\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*\)/i.exec(text);
  const direction = /\b(greater|more|higher|above)\b/i.test(text)
    ? 'up'
    : /\b(less|lower|below|fewer)\b/i.test(text)
      ? 'down'
      : null;
  const breaches: number[] = [];
  const list = /datapoints?\s*\[([^\]]{0,2000})\]/i.exec(text);
  if (list?.[1]) {
    for (const m of list[1].matchAll(/\(([^)]{4,40})\)/g)) {
      const at = parseReasonDate(m[1] as string);
      if (at !== null) breaches.push(at);
    }
  }
  return {
    threshold: threshold ? Number(threshold[1]) : null,
    direction,
    breaches: breaches.sort((a, b) => a - b),
  };
}

/** "29/01/23 13:31:00" (what CloudWatch writes) or an ISO date, "2023-01-29T13:31", in UTC. */
function parseReasonDate(s: string): number | null {
  const dmy = /^\s*(\d{2})\/(\d{2})\/(\d{2,4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*$/.exec(s);
  if (dmy) {
    const [, d, mo, y, h, mi, se] = dmy;
    const year = Number(y) < 100 ? 2000 + Number(y) : Number(y);
    const at = Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se ?? 0));
    return Number.isFinite(at) ? at : null;
  }
  const iso = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, se] = iso;
    const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se ?? 0));
    return Number.isFinite(at) ? at : null;
  }
  return null;
}
