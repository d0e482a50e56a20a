import type { Telemetry } from '../../domain/telemetry.ts';
import type { Collected, WindowLogs } from '../collect/index.ts';
import type { Platform } from '../synthesis/narrative-input.ts';
import type { TelemetryFindings } from '../telemetry/types.ts';
import type { Windows } from '../window.ts';
import type { AffectedFinding } from './affected.ts';
import type { AnomalyResult } from './anomalies.ts';
import type { BehaviourShift } from './behaviour.ts';
import type { ChangeEvent, TriggerFinding } from './changes/index.ts';
import type { Classification } from './classify.ts';
import type { Entities } from './entities.ts';
import type { FusedChoice } from './fusion.ts';
import type { TraceJoin } from './log-traces.ts';
import { EMPTY_ANOMALIES, EMPTY_CLASSIFICATION, EMPTY_ENTITIES, emptyCollected } from './nothing-found.ts';
import type { Recovery } from './recovery.ts';
import type { RootCauseChoice } from './root-cause.ts';
import type { Suspect } from './suspects.ts';
import { type AlarmContext, ORIGIN_MIN_SCORE } from './telemetry-evidence.ts';
import type { Trail } from './trail.ts';

/** The service the correlation holds for the origin, once the candidates are ranked. */
export interface Origin {
  root: Suspect;
  /** Whether its own new log lines name it (else its telemetry or behaviour does). */
  fromLogs: boolean;
  /** Its lead over the next candidate. */
  margin: number;
}

/**
 * What the correlation has read so far: its inputs, and what each tool found, which the tools
 * after it read. Every finding starts as "nothing found".
 */
export interface Reading {
  readonly logs: WindowLogs;
  readonly defaults: Windows;
  readonly telemetry: Telemetry;
  readonly alarm: AlarmContext;
  readonly trail: Trail;
  readonly limitations: string[];
  windows: Windows;
  /** False while (or when) the logs could not be read; `collected` is then a collection of nothing. */
  logsRead: boolean;
  collected: Collected;
  /**
   * The collected change events as the correlation reads them: a Kubernetes rollout as the deploy
   * it is, a control plane's change given to the service whose object it changed.
   */
  changes: ChangeEvent[];
  telemetryFindings: TelemetryFindings | null;
  entities: Entities;
  anomalies: AnomalyResult;
  platform: Platform;
  suspects: Map<string, Suspect>;
  choice: RootCauseChoice | null;
  shifts: BehaviourShift[];
  /** Where the traces that failing lines print failed first; null when none joined. */
  traceJoin: TraceJoin | null;
  fused: FusedChoice | null;
  origin: Origin | null;
  /** The new errors ended well before the alarm and routine work resumed: a stale alarm. */
  recovery: Recovery | null;
  /** Nothing failed and what moved shows more use, not a fault: why, when that ended the analysis. */
  onlyUse?: string;
  trigger: TriggerFinding | null;
  classification: Classification;
  /** The affected services, before the propagation path orders them. */
  affected: AffectedFinding[];
  propagation: string[];
  mttdSeconds: number | null;
}

export function startReading(
  logs: WindowLogs,
  defaults: Windows,
  limitations: string[],
  telemetry: Telemetry,
  alarm: AlarmContext,
  trail: Trail,
): Reading {
  return {
    logs,
    defaults,
    telemetry,
    alarm,
    trail,
    limitations,
    windows: defaults,
    logsRead: false,
    collected: emptyCollected(defaults),
    changes: [],
    telemetryFindings: null,
    entities: EMPTY_ENTITIES,
    anomalies: EMPTY_ANOMALIES,
    platform: 'unknown',
    suspects: new Map(),
    choice: null,
    shifts: [],
    traceJoin: null,
    fused: null,
    origin: null,
    recovery: null,
    trigger: null,
    classification: EMPTY_CLASSIFICATION,
    affected: [],
    propagation: [],
    mttdSeconds: null,
  };
}

/** Whether the telemetry alone names an origin candidate strongly enough to rank it. */
export function telemetryNamesOrigin(reading: Reading): boolean {
  return (reading.telemetryFindings?.services ?? []).some((s) => s.score >= ORIGIN_MIN_SCORE);
}

/** The origin, for the tools that run once it is settled (the list's order guarantees it is). */
export function originOf(reading: Reading): Origin {
  if (!reading.origin) throw new Error('no origin is settled yet: a tool runs before fuse_origin_candidates');
  return reading.origin;
}
