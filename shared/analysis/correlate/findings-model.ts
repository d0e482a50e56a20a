import type { LogRecord } from '../../domain/log-event.ts';
import type { Collected } from '../collect/index.ts';
import type { Platform } from '../synthesis/narrative-input.ts';
import type { TelemetryFindings } from '../telemetry/types.ts';
import type { Windows } from '../window.ts';
import type { AffectedFinding } from './affected.ts';
import type { AnomalyResult } from './anomalies.ts';
import type { TriggerFinding } from './changes/index.ts';
import type { Classification } from './classify.ts';
import type { Entities } from './entities.ts';
import type { Recovery } from './recovery.ts';
import type { RootCauseChoice } from './root-cause.ts';
import type { Suspect } from './suspects.ts';
import type { Trail } from './trail.ts';

/** Everything the correlation established; the report is written from this alone. */
export interface Findings {
  windows: Windows;
  collected: Collected;
  anomalies: AnomalyResult;
  suspects: Map<string, Suspect>;
  choice: RootCauseChoice | null;
  root: Suspect | null;
  patientZero: LogRecord | null;
  /** What the metrics and traces established; null when the incident has none. */
  telemetry: TelemetryFindings | null;
  affected: AffectedFinding[];
  propagation: string[];
  trigger: TriggerFinding | null;
  classification: Classification;
  inconclusive: boolean;
  /** Why an inconclusive analysis names no cause when its new errors had ended before the alarm. */
  recovery: Recovery | null;
  confidence: number;
  platform: Platform;
  mttdSeconds: number | null;
  entities: Entities;
  trail: Trail;
  /** What the analysis could not use or do, said in the report. */
  limitations: string[];
  /** Why an inconclusive analysis names no cause when nothing failed and what moved was more use. */
  onlyUse?: string;
}
