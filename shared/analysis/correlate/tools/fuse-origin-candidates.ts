import { silentlyBlamed } from '../fault-reports.ts';
import { evidenceOf, evidenceSuspect, type FusedChoice, fuseOrigins } from '../fusion.ts';
import { ownLines } from '../own-lines.ts';
import type { Origin, Reading } from '../reading.ts';
import { telemetryOnsetOr } from '../telemetry-evidence.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** One ranking of origin candidates from the logs, the telemetry and the behaviour shifts; its leader is the origin. */
export const fuseOriginCandidates: CorrelationTool<FusedChoice | null> = {
  name: 'fuse_origin_candidates',
  description:
    'Ranks the origin candidates of the logs, the telemetry and the behaviour shifts together; the log ranking counts as much as its leading evidence is specific.',
  // Without telemetry or shifts the log ranking stands, unless its lines blame a service that
  // logs nothing new (a callee whose answers they reject).
  applies: ({ telemetryFindings, shifts, suspects, collected }) =>
    telemetryFindings !== null ||
    shifts.length > 0 ||
    silentlyBlamed([...suspects.values()], new Map(), suspects, (service) => ownLines(collected, service))
      .length > 0,
  parameters: ({ choice, telemetryFindings, shifts }) => ({
    logCandidates: choice?.ranking.length ?? 0,
    telemetryCandidates: telemetryFindings?.services.length ?? 0,
    behaviourShifts: shifts.length,
  }),
  run: ({ choice, telemetryFindings, shifts, traceJoin, suspects, collected }) =>
    fuseOrigins(choice, telemetryFindings, shifts, traceJoin, suspects, (service) =>
      ownLines(collected, service),
    ),
  summarize: (f) =>
    f
      ? `log weight ${f.logWeight.toFixed(2)}; ${f.ranking
          .slice(0, 6)
          .map(
            (r) =>
              `${r.service}: ${r.fused.toFixed(2)} (logs ${r.logs.toFixed(2)}, telemetry ${r.telemetry.toFixed(2)})`,
          )
          .join('; ')}`
      : 'no candidate from logs or telemetry',
  isEmpty: (f) => f === null,
  keep(reading, fused) {
    reading.fused = fused ?? null;
    reading.origin = leadingOrigin(reading);
    return reading.origin ? 'continue' : 'inconclusive';
  },
};

/**
 * The leader of the fused ranking (of the log ranking without one) as the origin: the suspect its
 * log lines make it, or a suspect made of the telemetry or behaviour evidence that names it.
 */
function leadingOrigin(reading: Reading): Origin | null {
  const { choice, fused, suspects, telemetryFindings, shifts, windows } = reading;
  const leader = fused?.ranking[0]?.service ?? choice?.root.service;
  if (!leader || (!choice && !fused)) return null;
  const margin = fused ? fused.margin : (choice?.margin ?? 0);
  const fromLogs = suspects.get(leader);
  if (fromLogs) return { root: fromLogs, fromLogs: true, margin };
  const other = evidenceOf(leader, telemetryFindings, shifts, telemetryOnsetOr(telemetryFindings, windows));
  const root = evidenceSuspect(leader, other.at, other.detail, other.role);
  return { root, fromLogs: false, margin };
}
