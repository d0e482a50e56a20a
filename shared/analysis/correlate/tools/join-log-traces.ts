import { reachability } from '../../telemetry/call-graph.ts';
import {
  describeJoin,
  failingLineTraceIds,
  linkByTraces,
  logFailureOrigins,
  type TraceJoin,
  tallyTraceJoin,
} from '../log-traces.ts';
import type { Reading } from '../reading.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** Where the traces that failing log lines print failed first: that service is supported as the origin. */
export const joinLogTraces: CorrelationTool<TraceJoin> = {
  name: 'join_log_traces',
  description:
    'Looks up the trace ids printed in failing log lines among the recorded traces: a service whose traces the error lines of its callers point into (failing first there, by its spans or by the call graph) is supported as the origin, the callers as its victims.',
  applies: (reading) => (reading.telemetryFindings?.stats.traces ?? 0) > 0 && lineIds(reading).ids.size > 0,
  parameters: ({ telemetryFindings, suspects, collected }) => ({
    failedTraces: telemetryFindings?.traceOrigins.length ?? 0,
    traces: telemetryFindings?.stats.traces ?? 0,
    suspects: suspects.size,
    requestIds: collected.requestHops.size,
  }),
  run: (reading) => tallyTraceJoin(lineIds(reading), originsOf(reading)),
  summarize: describeJoin,
  isEmpty: (join) => join.matched === 0,
  keep(reading, join) {
    if (!join || join.matched === 0) return 'continue';
    reading.traceJoin = join;
    linkByTraces(join, reading.suspects);
    return 'continue';
  },
};

/** Read once per analysis: whether the tool applies and what it joins read the same lines. */
const read = new WeakMap<Reading, ReturnType<typeof failingLineTraceIds>>();

function lineIds(reading: Reading) {
  const { suspects, collected, windows } = reading;
  let ids = read.get(reading);
  if (!ids) {
    ids = failingLineTraceIds(
      suspects,
      collected.requestHops,
      (service, at) => suspects.has(service) && at >= windows.baselineEnd,
    );
    read.set(reading, ids);
  }
  return ids;
}

/**
 * The failed traces' origins from their spans; where the spans mark no failure, from the failing
 * lines the trace's services print, placed on the call graph.
 */
function originsOf(reading: Reading): { traceId: string; service: string }[] {
  const findings = reading.telemetryFindings;
  if (!findings) return [];
  const bySpans = findings.traceOrigins;
  const known = new Set(bySpans.map((t) => t.traceId));
  const recorded = new Set(reading.telemetry.traces.map((s) => s.trace_id.toLowerCase()));
  const byLines = logFailureOrigins(lineIds(reading), recorded, reachability(findings.callGraph)).filter(
    (t) => !known.has(t.traceId),
  );
  return [...bySpans, ...byLines];
}
