/**
 * Telemetry benchmark: how long `analyzeTelemetry` takes on 25,000 spans and 10,000 datapoints,
 * against the log analysis of the same incident (d02 scaled to ~20,000 events), and on 100,000
 * spans (beyond the cap). Prints figures, asserts nothing.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IncidentFolderSource } from '../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../shared/analysis/analyze.ts';
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

/**
 * The best of `rounds` for each task after a warm-up, the tasks interleaved so a busy moment of
 * the machine weighs on all of them alike.
 */
function bestOf(tasks: Record<string, () => void>, rounds = 7): Record<string, number> {
  const best: Record<string, number> = {};
  for (const [name, fn] of Object.entries(tasks)) {
    fn();
    best[name] = Number.POSITIVE_INFINITY;
  }
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(tasks)) best[name] = Math.min(best[name] as number, cpuMs(fn));
  }
  return best;
}

const input = new IncidentFolderSource(join(ROOT, 'examples', 'd02-coupon-cache-leak')).load();
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

const ms = bestOf({
  logOnly: () => analyzeIncident({ alarmEvent: input.alarmEvent, events }),
  withTelemetry: () => analyzeIncident({ alarmEvent: input.alarmEvent, events, telemetry }),
  telemetryAlone: () => analyzeTelemetry(telemetry, ctx),
});
const hugeAlone = bestOf({ huge: () => analyzeTelemetry(huge, ctx) }, 3).huge as number;
const logOnly = ms.logOnly as number;
const withTelemetry = ms.withTelemetry as number;
const telemetryAlone = ms.telemetryAlone as number;
const verdict = analyzeTelemetry(telemetry, ctx).services[0];
const spans = analyzeTelemetry(telemetry, ctx).stats;

console.log('telemetry analysis                                   size                   CPU ms');
console.log(
  `log analysis alone (d02 x15)                         ${String(events.length).padStart(6)} events       ${logOnly.toFixed(1).padStart(9)}`,
);
console.log(
  `log analysis with telemetry (as wired)               + telemetry below    ${withTelemetry.toFixed(1).padStart(9)}`,
);
console.log(
  `analyzeTelemetry alone                               ${spans.spans} spans, ${spans.datapoints} datapoints ${telemetryAlone.toFixed(1).padStart(6)}`,
);
console.log(
  `analyzeTelemetry on 100,000 spans (capped)           ${huge.traces.length} segments  ${hugeAlone.toFixed(1).padStart(9)}`,
);
console.log(
  `telemetry adds ${((100 * telemetryAlone) / logOnly).toFixed(1)}% to the log analysis (target: at most 20%); top origin ${verdict?.service} (${verdict?.faultHint?.faultClass})`,
);
