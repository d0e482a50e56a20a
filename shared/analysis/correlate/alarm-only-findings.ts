import { EMPTY_TELEMETRY } from '../../domain/telemetry.ts';
import type { Windows } from '../window.ts';
import type { Findings } from './findings-model.ts';
import { inconclusiveFindings } from './inconclusive-findings.ts';
import { emptyCollected } from './nothing-found.ts';
import { runTools, startTrail } from './pipeline.ts';
import { startReading } from './reading.ts';
import { NO_ALARM_CONTEXT } from './telemetry-evidence.ts';
import { analyzeTelemetryRecord } from './tools/analyze-telemetry-record.ts';
import type { CorrelationTool } from './tools/correlation-tool.ts';
import { mineTemplatesRecord } from './tools/mine-templates-record.ts';

/**
 * The correlation of an alarm with no logs and no telemetry: the pipeline's first two tools, which
 * end it inconclusive, recorded as correlate() records them, without the parser, the miner or the
 * later tools (a Lambda that only reports the alarm need not carry them). Mining no lines yields a
 * collection of nothing; the telemetry tool does not apply to no telemetry, so its run is never called.
 */
const NOTHING_TO_READ: readonly CorrelationTool<unknown>[] = [
  { ...mineTemplatesRecord, run: ({ defaults }) => emptyCollected(defaults) },
  {
    ...analyzeTelemetryRecord,
    applies: () => false,
    run: () => {
      throw new Error('the alarm-only analysis has no telemetry to analyze');
    },
  },
] as readonly CorrelationTool<unknown>[];

export function alarmOnlyFindings(defaults: Windows, limitations: string[] = []): Findings {
  const trail = startTrail(defaults);
  const reading = startReading(
    { events: [] },
    defaults,
    limitations,
    EMPTY_TELEMETRY,
    NO_ALARM_CONTEXT,
    trail,
  );
  // Both records end inconclusive on nothing read; were the verdict ever 'continue', the findings
  // would still name no origin, which is all an alarm alone can say.
  runTools(NOTHING_TO_READ, reading);
  return inconclusiveFindings(reading);
}
