import type { Platform } from '../synthesis/narrative-input.ts';
import type { TelemetryFindings } from '../telemetry/types.ts';
import type { Windows } from '../window.ts';
import type { AnomalyResult } from './anomalies.ts';
import type { Classification } from './classify.ts';
import type { Collected } from '../collect/index.ts';
import type { Entities } from './entities.ts';
import type { Findings } from './findings.ts';
import type { Suspect } from './suspects.ts';
import type { Trail } from './trail.ts';

export const EMPTY_ENTITIES: Entities = { services: [], hosts: [], pods: [], versions: [], errorCodes: [] };
export const EMPTY_ANOMALIES: AnomalyResult = {
  anomalies: [],
  noise: [],
  proportional: [],
  hasBaseline: false,
  baselineMinutes: 0,
  incidentMinutes: 0,
};

export const EMPTY_CLASSIFICATION: Classification = {
  faultClass: 'unknown',
  share: 0,
  strength: 0,
  evidence: [],
  basis: 'no anomaly',
  scores: {},
};

/** The findings of an analysis that names no origin, with what it did establish. */
export function inconclusiveFindings(
  windows: Windows,
  collected: Collected,
  trail: Trail,
  limitations: string[],
  anomalies: AnomalyResult = EMPTY_ANOMALIES,
  suspects: Map<string, Suspect> = new Map(),
  platform: Platform = 'unknown',
  telemetry: TelemetryFindings | null = null,
): Findings {
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
    windows,
    collected,
    anomalies,
    suspects,
    choice: null,
    root: null,
    patientZero: null,
    telemetry,
    affected: [],
    propagation: [],
    trigger: null,
    classification: EMPTY_CLASSIFICATION,
    inconclusive: true,
    confidence:
      Math.round((0.05 + 0.15 * (1 - noiseShare) * Math.min(1, anomalies.anomalies.length / 5)) * 100) / 100,
    platform,
    mttdSeconds: null,
    entities: EMPTY_ENTITIES,
    trail,
    limitations,
  };
}

/** A collection of nothing, for logs that could not be read. */
export function emptyCollected(windows: Windows): Collected {
  return {
    windows,
    windowNote: null,
    patterns: [],
    services: new Map(),
    changes: [],
    changesDropped: 0,
    duplicates: 0,
    linesScanned: 0,
    linesUnparsed: 0,
    outsideWindow: 0,
    baselineLines: 0,
    incidentLines: 0,
    logGroups: new Set(),
    firstAt: Number.NaN,
    lastAt: Number.NaN,
    requestHops: new Map(),
  };
}
