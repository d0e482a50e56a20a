import type { Findings } from './findings-model.ts';
import { EMPTY_CLASSIFICATION, EMPTY_ENTITIES } from './nothing-found.ts';
import type { Reading } from './reading.ts';

/** The findings of an analysis that names no origin, with what it did establish. */
export function inconclusiveFindings(reading: Reading): Findings {
  const { trail, anomalies } = reading;
  if (!trail.steps.some((s) => s.kind === 'DECISION')) {
    trail.add(
      'DECISION',
      'Inconclusive',
      'No new or spiking error in the incident window explains the alarm.',
    );
  }
  const noiseShare =
    anomalies.noise.length / Math.max(1, anomalies.noise.length + anomalies.anomalies.length);
  return {
    windows: reading.windows,
    collected: reading.collected,
    anomalies,
    suspects: reading.suspects,
    choice: null,
    root: null,
    patientZero: null,
    telemetry: reading.telemetryFindings,
    affected: [],
    propagation: [],
    trigger: null,
    classification: EMPTY_CLASSIFICATION,
    inconclusive: true,
    recovery: reading.recovery,
    confidence:
      Math.round((0.05 + 0.15 * (1 - noiseShare) * Math.min(1, anomalies.anomalies.length / 5)) * 100) / 100,
    platform: reading.platform,
    mttdSeconds: null,
    entities: EMPTY_ENTITIES,
    trail,
    limitations: reading.limitations,
    ...(reading.onlyUse ? { onlyUse: reading.onlyUse } : {}),
  };
}
