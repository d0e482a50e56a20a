import { EMPTY_TELEMETRY, type Telemetry } from '../../domain/telemetry.ts';
import type { WindowLogs } from '../collect/index.ts';
import type { Windows } from '../window.ts';
import type { AffectedFinding } from './affected.ts';
import type { Anomaly } from './anomalies.ts';
import type { ChangeEvent } from './changes/index.ts';
import type { Findings } from './findings-model.ts';
import { inconclusiveFindings } from './inconclusive-findings.ts';
import { iso } from './iso.ts';
import { rootConfidence } from './origin-decision.ts';
import { runTools, startTrail } from './pipeline.ts';
import { originOf, type Reading, startReading } from './reading.ts';
import { type AlarmContext, NO_ALARM_CONTEXT } from './telemetry-evidence.ts';
import { CORRELATION_TOOLS } from './tools/index.ts';

/**
 * Runs the correlation tools in order over the window's logs and records each in the reasoning
 * trail. The logs are events, or the partial collections of shards collected apart (merged here
 * under `defaults`).
 */
export function correlate(
  logs: WindowLogs,
  defaults: Windows,
  limitations: string[] = [],
  telemetry: Telemetry = EMPTY_TELEMETRY,
  alarmContext: AlarmContext = NO_ALARM_CONTEXT,
): Findings {
  limitations.push(...telemetry.notes);
  const trail = startTrail(defaults);
  const reading = startReading(logs, defaults, limitations, telemetry, alarmContext, trail);
  if (runTools(CORRELATION_TOOLS, reading) === 'inconclusive') return inconclusiveFindings(reading);
  return conclusiveFindings(reading);
}

/** The findings once every tool ran: the origin, its class and confidence, and the decision said. */
function conclusiveFindings(reading: Reading): Findings {
  const { root, fromLogs, margin } = originOf(reading);
  const { classification, telemetryFindings, windows, trail } = reading;
  const confidence = rootConfidence(margin, classification, root, telemetryFindings);
  trail.add(
    'DECISION',
    `Root cause: ${root.service}, ${classification.faultClass}`,
    `${root.service} shows the first ${fromLogs ? 'new anomalous signal' : 'signal in its telemetry or its routine lines'} at ${iso(root.firstAt)}; ${classification.basis}. Confidence ${confidence.toFixed(2)} from signal strength ${classification.strength.toFixed(2)}, class share ${classification.share.toFixed(2)} and a margin of ${margin.toFixed(2)} over the next candidate.`,
  );
  const affected = reading.propagation
    .map((service) => reading.affected.find((a) => a.service === service))
    .filter((a): a is AffectedFinding => a !== undefined);
  return {
    windows,
    collected: reading.collected,
    anomalies: reading.anomalies,
    suspects: reading.suspects,
    choice: reading.choice,
    root,
    patientZero: fromLogs ? root.first : null,
    telemetry: telemetryFindings,
    affected,
    propagation: reading.propagation,
    trigger: reading.trigger,
    classification,
    inconclusive: false,
    recovery: null,
    confidence,
    platform: reading.platform,
    mttdSeconds: reading.mttdSeconds,
    entities: reading.entities,
    trail,
    limitations: reading.limitations,
  };
}

export type { AffectedFinding, Anomaly, ChangeEvent, Findings };
export { iso };
