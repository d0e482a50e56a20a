import {
  describeJoin,
  failingLineTraceIds,
  linkByTraces,
  type TraceJoin,
  tallyTraceJoin,
} from '../log-traces.ts';
import type { Reading } from '../reading.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** Where the traces that failing log lines print failed first: that service is supported as the origin. */
export const joinLogTraces: CorrelationTool<TraceJoin> = {
  name: 'join_log_traces',
  description:
    'Looks up the trace ids printed in failing log lines among the failed traces: a service whose traces the error lines of its callers point into is supported as the origin, the callers as its victims.',
  applies: (reading) =>
    (reading.telemetryFindings?.traceOrigins.length ?? 0) > 0 && lineIds(reading).ids.size > 0,
  parameters: ({ telemetryFindings, suspects, collected }) => ({
    failedTraces: telemetryFindings?.traceOrigins.length ?? 0,
    suspects: suspects.size,
    requestIds: collected.requestHops.size,
  }),
  run: (reading) => tallyTraceJoin(lineIds(reading), reading.telemetryFindings?.traceOrigins ?? []),
  summarize: describeJoin,
  isEmpty: (join) => join.matched === 0,
  keep(reading, join) {
    if (!join || join.matched === 0) return 'continue';
    reading.traceJoin = join;
    linkByTraces(join, reading.suspects);
    return 'continue';
  },
};

function lineIds(reading: Reading) {
  return failingLineTraceIds(reading.suspects, reading.collected.requestHops);
}
