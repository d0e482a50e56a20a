import type { Collected } from '../collect/index.ts';
import type { Windows } from '../window.ts';
import type { AnomalyResult } from './anomalies.ts';
import type { Classification } from './classify.ts';
import type { Entities } from './entities.ts';

/** What each finding is before (or without) the tool that finds it. */
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
    emf: [],
    emfDropped: 0,
  };
}
