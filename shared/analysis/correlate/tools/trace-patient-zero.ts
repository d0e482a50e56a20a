import type { Collected } from '../../collect/index.ts';
import { minuteStart } from '../../collect/minutes.ts';
import type { Windows } from '../../window.ts';
import { type ChangeKind, inferActivity } from '../changes/index.ts';
import { chooseRootCause, type RootCauseChoice } from '../root-cause.ts';
import type { Suspect } from '../suspects.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** Changes that last after their lines end, and how long before the incident window one may come. */
const LASTING: ReadonlySet<ChangeKind> = new Set(['deploy', 'config', 'policy']);
const CHANGE_LEAD_MS = 30 * 60_000;
/** A telemetry origin candidate this strong shows trouble of its own (a service its callers may blame). */
const MOVED_SCORE = 0.25;

/** The suspects ranked as origins by their log evidence: who failed first, on its own, named by others. */
export const tracePatientZero: CorrelationTool<RootCauseChoice | null> = {
  name: 'trace_patient_zero',
  description:
    'Ranks the suspects as the origin by their log evidence: who failed first, how strongly on its own, and who the others name.',
  parameters: ({ suspects }) => ({ candidates: [...suspects.keys()] }),
  run: ({ suspects, windows, changes, telemetryFindings, collected }) =>
    chooseRootCause(
      suspects,
      new Map([...suspects.values()].map((s) => [s.service, lastAnomalyAt(s, windows)])),
      new Set(
        changes
          .filter((c) => LASTING.has(c.kind) && c.at >= windows.baselineEnd - CHANGE_LEAD_MS)
          .map((c) => c.service),
      ),
      new Set(
        (telemetryFindings?.services ?? []).filter((t) => t.score >= MOVED_SCORE).map((t) => t.service),
      ),
      workBegan(suspects, collected),
    ),
  summarize: (c) =>
    c
      ? c.ranking
          .map(
            (r) =>
              `${r.service}: score ${r.score.toFixed(2)} (precedence ${r.precedence.toFixed(2)}, own signal ${r.own.toFixed(2)}, named by others ${r.blamed.toFixed(2)}, names others ${r.blames.toFixed(2)})`,
          )
          .join('; ')
      : 'no service shows a new error',
  isEmpty: (c) => c === null,
  keep(reading, choice) {
    reading.choice = choice ?? null;
    return 'continue';
  },
};

/** A suspect states a fault of its own this plainly before the work it began may date it. */
const OWN_FAULT = 0.5;

/**
 * When the suspects that fail in words of their own began work never seen before in their history,
 * which went on until they failed (a consumer taking on a batch far larger than usual, a job
 * starting a run): their fault began with that work, before their first failing line.
 */
function workBegan(suspects: ReadonlyMap<string, Suspect>, collected: Collected): Map<string, number> {
  const began = new Map<string, number>();
  for (const s of suspects.values()) {
    if (s.ownSignal < OWN_FAULT) continue;
    const work = inferActivity(collected.patterns, collected.services, s.service, s.firstAt);
    if (work && work.change.service === s.service) began.set(s.service, work.change.at);
  }
  return began;
}

/** The end of the last minute in which any of the suspect's anomalous patterns logged. */
function lastAnomalyAt(s: Suspect, windows: Windows): number {
  let last = Number.NEGATIVE_INFINITY;
  for (const a of s.anomalies)
    for (const [minute, count] of a.pattern.minutes) if (count > 0 && minute > last) last = minute;
  return Number.isFinite(last) ? minuteStart(last + 1, windows) : s.firstAt;
}
