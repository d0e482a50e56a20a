import { analyzeIncident } from '../../analysis/analyze.ts';
import { incidentSignature } from '../../analysis/similarity/signature.ts';
import type { LogEvent } from '../../domain/log-event.ts';
import type { Report } from '../../domain/report.ts';
import type { WorkflowDeps } from '../deps.ts';
import { eventPartKey, incidentKey, type WorkflowState } from '../state.ts';

/** The evidence the correlate step leaves for the next steps: the offline report and its signature. */
export interface Evidence {
  report: Report;
  signature: string[];
}

/** Runs the whole deterministic analysis on the fetched events and keeps its result in the bucket. */
export async function correlate(state: WorkflowState, deps: WorkflowDeps): Promise<WorkflowState> {
  if (!state.eventsKey) throw new Error('correlate needs the events of fetch-logs');
  const alarmEvent = JSON.parse(await deps.blobs.get(state.alarmKey)) as unknown;
  const parts: string[] = [];
  for (let i = 0; i < (state.eventParts ?? 0); i++)
    parts.push(await deps.blobs.get(eventPartKey(state.eventsKey, i)));
  const started = deps.clock();
  const result = analyzeIncident({
    alarmEvent,
    events: jsonLines(parts),
    windows: deps.windows,
    sourceNotes: [...(state.notes ?? [])],
    incidentId: state.incidentId,
    clock: deps.clock,
  });
  if (!result.ok) throw new Error(result.error);
  result.report.stats.durationMs = Math.round(deps.clock() - started);
  const evidence: Evidence = { report: result.report, signature: incidentSignature(result.report) };
  const evidenceKey = incidentKey(state.incidentId, 'evidence.json');
  await deps.blobs.put(evidenceKey, JSON.stringify(evidence), 'application/json');
  return { ...state, evidenceKey };
}

function* jsonLines(parts: string[]): Generator<LogEvent> {
  for (const text of parts) {
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? text.length : nl;
      if (end > start) yield JSON.parse(text.slice(start, end)) as LogEvent;
      start = end + 1;
    }
  }
}
