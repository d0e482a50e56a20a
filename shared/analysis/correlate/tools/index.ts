import { analyzeTelemetry } from './analyze-telemetry.ts';
import { blastRadius } from './blast-radius.ts';
import { classifyFault } from './classify-fault.ts';
import type { CorrelationTool } from './correlation-tool.ts';
import { detectChangeEvents } from './detect-change-events.ts';
import { detectRecovery } from './detect-recovery.ts';
import { extractEntities } from './extract-entities.ts';
import { findAnomalies } from './find-anomalies.ts';
import { findBehaviourShifts } from './find-behaviour-shifts.ts';
import { findHostNeighbours } from './find-host-neighbours.ts';
import { findLoadHolders } from './find-load-holders.ts';
import { findLockHolders } from './find-lock-holders.ts';
import { findReleasedCallees } from './find-released-callees.ts';
import { fuseOriginCandidates } from './fuse-origin-candidates.ts';
import { joinLogTraces } from './join-log-traces.ts';
import { joinRequestIds } from './join-request-ids.ts';
import { mineTemplates } from './mine-templates.ts';
import { propagationPath } from './propagation-path.ts';
import { timeToDetect } from './time-to-detect.ts';
import { tracePatientZero } from './trace-patient-zero.ts';

export type { CorrelationTool, Verdict } from './correlation-tool.ts';

/**
 * The correlation tools in the order they run; each reads what the ones before it found:
 * - the lines are mined first, and the telemetry is read against the window they set (and the
 *   services they name); with neither a line in the incident window nor a telemetry origin, the
 *   analysis ends there;
 * - the anomalies (new and spiking errors) make the suspects that the request ids, the log ranking
 *   and the recovery check read; a stale alarm ends the analysis before any origin is named;
 * - the trace ids of failing lines are joined to the failed traces once both the suspects and the
 *   telemetry are known, and before the log ranking, which reads the links the join makes;
 * - the lock holders (a service that locked what the others then waited on) join the behaviour
 *   shifts, after the suspects whose waits they explain, and so do the load holders (a service
 *   whose statements a database spent itself on while the others failed), and the host neighbours
 *   (a task started beside one that then ran short of CPU or memory), and the released callees (a
 *   service released just before the callers that name it began to fail);
 * - the behaviour shifts join the log and telemetry candidates in one ranking whose leader is the
 *   origin: the trigger, the class and the affected services are all the origin's, so they come
 *   after it, the trigger before the class it can name;
 * - the affected services before the path that orders them, and the time to detect last (it reads
 *   every affected service's first signal).
 */
export const CORRELATION_TOOLS: readonly CorrelationTool<unknown>[] = [
  mineTemplates,
  analyzeTelemetry,
  extractEntities,
  findAnomalies,
  joinRequestIds,
  joinLogTraces,
  tracePatientZero,
  detectRecovery,
  findBehaviourShifts,
  findLockHolders,
  findLoadHolders,
  findHostNeighbours,
  findReleasedCallees,
  fuseOriginCandidates,
  detectChangeEvents,
  classifyFault,
  blastRadius,
  propagationPath,
  timeToDetect,
];
