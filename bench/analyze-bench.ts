/**
 * Analysis benchmark: prints how long `analyzeIncident` takes (in process, after one warm-up run)
 * on every bundled incident folder, and on the bundled example scaled to ~4,000 and ~33,000 events.
 * Prints figures, asserts nothing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IncidentFolderSource } from '../shared/adapters/local/incident-folder.ts';
import { analyzeIncident } from '../shared/analysis/analyze.ts';
import type { LogEvent } from '../shared/domain/log-event.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FOLDERS = [join(ROOT, 'examples'), join(ROOT, 'test', 'fixtures', 'incidents')];

function load(dir: string): { alarmEvent: unknown; events: LogEvent[] } {
  const input = new IncidentFolderSource(dir).load();
  return { alarmEvent: input.alarmEvent, events: [...input.events] };
}

function time(alarmEvent: unknown, events: LogEvent[]): { ms: number; verdict: string } {
  analyzeIncident({ alarmEvent, events }); // warm-up
  let best = Number.POSITIVE_INFINITY;
  let verdict = '';
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = analyzeIncident({ alarmEvent, events });
    best = Math.min(best, performance.now() - t);
    verdict = r.ok
      ? `${r.report.rootCause.service ?? 'inconclusive'} / ${r.report.rootCause.faultClass}`
      : r.error;
  }
  return { ms: best, verdict };
}

/** The same incident with each event repeated `factor` times, spread a few ms apart. */
function scaled(events: LogEvent[], factor: number): LogEvent[] {
  return events.flatMap((e) =>
    Array.from({ length: factor }, (_, k) => ({ ...e, timestamp: e.timestamp + k * 7 })),
  );
}

console.log('incident                                   events   analysis ms  verdict');
for (const base of FOLDERS) {
  for (const name of readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()) {
    const { alarmEvent, events } = load(join(base, name));
    const { ms, verdict } = time(alarmEvent, events);
    console.log(
      `${name.padEnd(42)} ${String(events.length).padStart(6)}  ${ms.toFixed(1).padStart(11)}  ${verdict}`,
    );
  }
}
const example = load(join(ROOT, 'examples', 'itinerary-render-cache-leak'));
for (const factor of [2, 15]) {
  const events = scaled(example.events, factor);
  const { ms, verdict } = time(example.alarmEvent, events);
  console.log(
    `${`example x${factor}`.padEnd(42)} ${String(events.length).padStart(6)}  ${ms.toFixed(1).padStart(11)}  ${verdict}`,
  );
}
