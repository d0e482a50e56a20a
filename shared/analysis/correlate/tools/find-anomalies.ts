import { type AnomalyResult, findAnomalies as find, SPIKE_RATIO } from '../anomalies.ts';
import { iso } from '../iso.ts';
import { EMPTY_ANOMALIES } from '../nothing-found.ts';
import { detectPlatform } from '../platform.ts';
import { buildSuspects } from '../suspects.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** The error patterns new in the incident window or spiking in it; their services are the suspects. */
export const findAnomalies: CorrelationTool<AnomalyResult> = {
  name: 'find_new_and_spiking_errors',
  description:
    'Finds the error patterns that are new in the incident window or spike against the baseline, apart from the noise as frequent before.',
  parameters: ({ windows }) => ({
    spikeRatio: SPIKE_RATIO,
    baselineStart: iso(windows.baselineStart),
    incidentStart: iso(windows.baselineEnd),
  }),
  run: ({ collected, windows }) => find(collected, windows),
  summarize: (a) =>
    `${a.anomalies.length} anomalous error patterns (${a.anomalies.filter((x) => x.isNew).length} new, ${a.anomalies.filter((x) => !x.isNew).length} spiking); ${a.noise.length} error patterns as frequent in the baseline (noise${a.proportional.length > 0 ? `; ${a.proportional.length} of them rise per minute only with their service's traffic` : ''}).${a.hasBaseline ? '' : ' No baseline data: every error pattern counts as new.'}`,
  isEmpty: (a) => a.anomalies.length === 0,
  keep(reading, result) {
    const anomalies = result ?? EMPTY_ANOMALIES;
    reading.anomalies = anomalies;
    if (!anomalies.hasBaseline)
      reading.limitations.push(
        'No baseline data before the incident window: new and old errors cannot be told apart.',
      );
    reading.platform = detectPlatform(reading.collected);
    reading.suspects = buildSuspects(anomalies.anomalies, reading.collected);
    return 'continue';
  },
};
