import type { LogRecord } from '../../domain/log-event.ts';
import { quotableText } from '../correlate/collect.ts';
import type { Findings } from '../correlate/findings.ts';

export type TimelineEntry = {
  at: string;
  service: string;
  level: LogRecord['level'];
  title: string;
  detail: string;
};

const MAX_ENTRIES = 25;

/**
 * The incident in time order: the trigger, the first line of every anomalous pattern, the alarm.
 * Entries at the same instant keep the causal order of the propagation path (root first), so a
 * clock tie never shows a symptom before its cause.
 */
export function buildTimeline(f: Findings, alarmName: string): TimelineEntry[] {
  const order = new Map(f.propagation.map((s, i) => [s, i]));
  const rank = (service: string) => order.get(service) ?? f.propagation.length;
  const items: { at: number; rank: number; entry: TimelineEntry }[] = [];
  if (f.trigger) {
    const c = f.trigger.change;
    items.push({
      at: c.at,
      rank: -1,
      entry: entry(
        c.record,
        `${capitalize(c.kind)} of ${c.service}${c.version ? ` (version ${c.version})` : ''}`,
        quotableText(c.record),
      ),
    });
  }
  for (const a of f.anomalies.anomalies) {
    const first = a.pattern.samples[0];
    if (!first) continue;
    const title = `${a.isNew ? 'New' : `Spike x${a.ratio.toFixed(1)} of`} ${a.pattern.level.toLowerCase()} pattern in ${a.pattern.service} (${a.pattern.incidentCount} line${a.pattern.incidentCount === 1 ? '' : 's'})`;
    items.push({
      at: first.at,
      rank: rank(first.service) + (first === f.patientZero ? -0.5 : 0),
      entry: entry(first, title, quotableText(first)),
    });
  }
  items.sort((a, b) => a.at - b.at || a.rank - b.rank);
  const kept = items.slice(0, MAX_ENTRIES - 1);
  const alarm = {
    at: f.windows.alarmAt,
    rank: Number.POSITIVE_INFINITY,
    entry: {
      at: new Date(f.windows.alarmAt).toISOString(),
      service: 'cloudwatch',
      level: 'ERROR' as const,
      title: `Alarm ${alarmName} entered ALARM`,
      detail: `The CloudWatch alarm fired${f.mttdSeconds !== null ? ` ${f.mttdSeconds} s after the first anomalous signal` : ''}.`,
    },
  };
  kept.push(alarm);
  kept.sort((a, b) => a.at - b.at || a.rank - b.rank);
  return kept.map((i) => i.entry);
}

function entry(record: LogRecord, title: string, detail: string): TimelineEntry {
  return {
    at: new Date(record.at).toISOString(),
    service: record.service,
    level: record.level,
    title,
    detail,
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
