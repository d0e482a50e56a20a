import type { LogRecord } from '../../domain/log-event.ts';
import type { Phase } from '../../domain/report-visuals.ts';
import { quotableText } from '../collect/quotable-text.ts';
import type { Findings } from '../correlate/findings.ts';
import { changeWords } from './change-words.ts';

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
export function buildTimeline(
  f: Findings,
  alarmName: string,
  phases: readonly Phase[] = [],
): TimelineEntry[] {
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
        `${capitalize(changeWords(c))}${c.version ? ` (version ${c.version})` : ''}`,
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
  items.push(...repeatsOfRootSignal(f, rank), ...phaseEntries(f, phases));
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

type Item = { at: number; rank: number; entry: TimelineEntry };

/** A root signal this rare is an event each time (a kill, a crash): every later minute of it is shown. */
const MAX_REPEATS_SHOWN = 10;

const ordinal = (n: number): string => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

/**
 * The root cause's own signal again after its first line, one entry per minute it recurs (the
 * second and third kill of an escalating leak): only for signals rare enough to be events.
 */
function repeatsOfRootSignal(f: Findings, rank: (service: string) => number): Item[] {
  const pattern = f.classification.evidence[0]?.pattern;
  if (!pattern || pattern.incidentCount < 2 || pattern.incidentCount > MAX_REPEATS_SHOWN) return [];
  const total = pattern.incidentCount;
  const minutes = [...pattern.minutes]
    .filter(([m]) => pattern.bucketSamples.has(m))
    .sort((a, b) => a[0] - b[0]);
  const items: Item[] = [];
  let seen = 0;
  for (const [minute, n] of minutes) {
    const record = pattern.bucketSamples.get(minute);
    const from = seen + 1;
    seen += n;
    if (!record || record === pattern.samples[0]) continue;
    const which = n === 1 ? ordinal(from) : `${ordinal(from)} to ${ordinal(seen)}`;
    items.push({
      at: record.at,
      rank: rank(record.service),
      entry: entry(
        record,
        `The root signal again in ${pattern.service}: ${which} of ${total}`,
        quotableText(record),
      ),
    });
  }
  return items;
}

const PHASE_TITLES: Readonly<Record<Phase['kind'], string>> = {
  'first-signal': 'First signal',
  degraded: 'Degraded',
  down: 'Down',
  recovered: 'Recovered',
};

/** The moments the incident changed phase (degraded, down, recovered), with what the series show. */
function phaseEntries(f: Findings, phases: readonly Phase[]): Item[] {
  return phases
    .filter((p) => p.kind !== 'first-signal')
    .map((p) => {
      const at = Date.parse(p.start);
      const failures = p.failures > 0 ? ` (${p.failures} failures in this phase)` : '';
      return {
        at,
        rank: p.kind === 'recovered' ? Number.POSITIVE_INFINITY : f.propagation.length + 1,
        entry: {
          at: p.start,
          service: p.service ?? f.root?.service ?? 'incident',
          level:
            p.kind === 'recovered'
              ? ('INFO' as const)
              : p.kind === 'down'
                ? ('FATAL' as const)
                : ('ERROR' as const),
          title: `${PHASE_TITLES[p.kind]}: ${p.summary}`,
          detail: `${PHASE_TITLES[p.kind]} from ${p.start.slice(11, 19)} UTC${p.end ? ` to ${p.end.slice(11, 19)} UTC` : ''}${failures}.`,
        },
      };
    });
}
