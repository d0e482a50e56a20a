import { chooseRootCause, type RootCauseChoice } from '../root-cause.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** The suspects ranked as origins by their log evidence: who failed first, on its own, named by others. */
export const tracePatientZero: CorrelationTool<RootCauseChoice | null> = {
  name: 'trace_patient_zero',
  description:
    'Ranks the suspects as the origin by their log evidence: who failed first, how strongly on its own, and who the others name.',
  parameters: ({ suspects }) => ({ candidates: [...suspects.keys()] }),
  run: ({ suspects }) => chooseRootCause(suspects),
  summarize: (c) =>
    c
      ? c.ranking
          .map(
            (r) =>
              `${r.service}: score ${r.score.toFixed(2)} (precedence ${r.precedence.toFixed(2)}, own signal ${r.own.toFixed(2)}, named by others ${r.blamed.toFixed(2)}, names others ${r.blames.toFixed(2)})`,
          )
          .join('; ')
      : 'no service shows a new error',
  isEmpty: (c) => c === null,
  keep(reading, choice) {
    reading.choice = choice ?? null;
    return 'continue';
  },
};
