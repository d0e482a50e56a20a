/**
 * Telemetry benchmark: what 25,000 spans and 10,000 datapoints add to the analysis of one
 * incident (the bundled example scaled to ~33,000 log events), analyzed with and without them, against the target
 * of at most a fifth; and `analyzeTelemetry` on 100,000 spans (beyond the cap). Prints figures,
 * asserts nothing.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IncidentFolderSource } from '../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../shared/analysis/analyze.ts';
import { redactDeep } from '../shared/analysis/redact/index.ts';
import { analyzeTelemetry } from '../shared/analysis/telemetry/analyze-telemetry.ts';
import { alarmWindows } from '../shared/analysis/window.ts';
import { parseAlarmEvent } from '../shared/domain/alarm.ts';
import type { LogEvent } from '../shared/domain/log-event.ts';
import type { Telemetry } from '../shared/domain/telemetry.ts';
import { SERVICES, syntheticMetrics, syntheticTraces } from './telemetry-synthetic.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** CPU milliseconds of this process (user + system): on a shared machine wall time mostly measures the neighbours. */
function cpuMs(fn: () => void): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

const WARM_UP = 3;
const ROUNDS = 11;

function medianOf(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Each task's CPU time per round after a warm-up (the JIT compiled, the caches filled), the tasks
 * interleaved so a busy moment of the machine weighs on all of them alike.
 */
function timeRounds(tasks: Record<string, () => void>, rounds = ROUNDS): Record<string, number[]> {
  const times: Record<string, number[]> = {};
  for (const [name, fn] of Object.entries(tasks)) {
    for (let w = 0; w < WARM_UP; w++) fn();
    times[name] = [];
  }
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(tasks)) times[name]?.push(cpuMs(fn));
  }
  return times;
}

const input = new IncidentFolderSource(join(ROOT, 'examples', 'itinerary-render-cache-leak')).load();
const base = [...input.events];
const events: LogEvent[] = base.flatMap((e) =>
  Array.from({ length: 15 }, (_, k) => ({ ...e, timestamp: e.timestamp + k * 7 })),
);
const parsed = parseAlarmEvent(input.alarmEvent);
if (!parsed.ok) throw new Error(parsed.error);
const windows = alarmWindows(parsed.alarm.triggeredAt);
const slowFrom = windows.baselineEnd + 3 * 60_000;
const ctx = { windows, alarmMetric: [], logServices: SERVICES };

const telemetry: Telemetry = {
  metrics: syntheticMetrics(10_000, windows.baselineStart, windows.alarmAt, slowFrom),
  traces: syntheticTraces(25_000, windows.baselineStart, windows.alarmAt, slowFrom),
  notes: [],
};
const huge: Telemetry = {
  metrics: [],
  traces: syntheticTraces(100_000, windows.baselineStart, windows.alarmAt, slowFrom),
  notes: [],
};

// The same incident, the same log events, with and without its telemetry.
const times = timeRounds({
  logOnly: () => analyzeIncident({ alarmEvent: input.alarmEvent, events }),
  withTelemetry: () => analyzeIncident({ alarmEvent: input.alarmEvent, events, telemetry }),
  telemetryAlone: () => analyzeTelemetry(telemetry, ctx),
});
const hugeAlone = medianOf(timeRounds({ huge: () => analyzeTelemetry(huge, ctx) }, 5).huge ?? []);
// What the fetch-telemetry step spends masking what it read, before it stores it (not analysis time).
const masking = medianOf(
  timeRounds(
    {
      mask: () => [redactDeep(telemetry.metrics), redactDeep(telemetry.traces)],
    },
    5,
  ).mask ?? [],
);
const logOnly = medianOf(times.logOnly ?? []);
const withTelemetry = medianOf(times.withTelemetry ?? []);
const telemetryAlone = medianOf(times.telemetryAlone ?? []);
// Paired by round: what telemetry added in each round, then the median of that.
const added = medianOf((times.withTelemetry ?? []).map((w, r) => w - (times.logOnly?.[r] ?? 0)));
const findings = analyzeTelemetry(telemetry, ctx);
const verdict = findings.services[0];
const spans = findings.stats;
const addedShare = (100 * (withTelemetry - logOnly)) / logOnly;
const pad = (n: number) => n.toFixed(1).padStart(9);

console.log(`telemetry analysis (CPU ms, median of ${ROUNDS} rounds after ${WARM_UP} warm-up runs)`);
console.log(`log analysis alone (example x15, ${events.length} events)               ${pad(logOnly)}`);
console.log(
  `log analysis with ${spans.spans} spans and ${spans.datapoints} datapoints            ${pad(withTelemetry)}`,
);
console.log(`  of which analyzeTelemetry (measured alone)                       ${pad(telemetryAlone)}`);
console.log(`  added per round, paired (median)                                 ${pad(added)}`);
console.log(`masking it at the door (the fetch-telemetry step, before storing)   ${pad(masking)}`);
console.log(
  `analyzeTelemetry on 100,000 spans (${huge.traces.length} segments, capped)           ${pad(hugeAlone)}`,
);
console.log(
  `telemetry adds ${addedShare.toFixed(1)}% to the analysis of the incident (target: at most 20%: ${addedShare <= 20 ? 'met' : 'NOT met'}); top origin ${verdict?.service} (${verdict?.faultHint?.faultClass})`,
);
