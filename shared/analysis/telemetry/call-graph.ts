import type { CallEdge } from './types.ts';

/** Callers of each service in the incident window, busiest first. */
function callersOf(edges: readonly CallEdge[]): Map<string, CallEdge[]> {
  const m = new Map<string, CallEdge[]>();
  for (const e of edges) {
    if (e.calls.incident === 0 || e.caller === e.callee) continue;
    const list = m.get(e.callee);
    if (list) list.push(e);
    else m.set(e.callee, [e]);
  }
  for (const list of m.values())
    list.sort((a, b) => b.calls.incident - a.calls.incident || (a.caller < b.caller ? -1 : 1));
  return m;
}

/**
 * The path the fault travelled: from the origin up through the callers whose calls into the
 * previous hop slowed or failed most (else the busiest), to a service nobody calls.
 */
export function propagationPath(origin: string, edges: readonly CallEdge[]): string[] {
  const callers = callersOf(edges);
  const path = [origin];
  const seen = new Set(path);
  let current = origin;
  for (;;) {
    const options = (callers.get(current) ?? []).filter((e) => !seen.has(e.caller));
    if (options.length === 0) break;
    const next = [...options].sort((a, b) => degradation(b) - degradation(a))[0] as CallEdge;
    path.push(next.caller);
    seen.add(next.caller);
    current = next.caller;
  }
  return path;
}

/** How much worse an edge got: latency ratio plus error-share rise (0 when unknown). */
function degradation(e: CallEdge): number {
  const lb = e.latencyMs.baseline;
  const li = e.latencyMs.incident;
  const latency = lb !== null && li !== null && lb > 0 ? li / lb : 1;
  const errors = (e.errorShare.incident ?? 0) - (e.errorShare.baseline ?? 0);
  return latency + 5 * errors + Math.log10(1 + e.calls.incident) / 100;
}

/**
 * A caller was reached by the fault when its calls into the hop below got this much worse (half as
 * slow again, or a tenth more of them failing): one whose calls went on as before was not.
 */
const REACHED = 1.5;

/**
 * Every service upstream of the origin that the fault reached (its callers, transitively, whose
 * calls into the hop below slowed or failed), origin first, nearest first.
 */
export function blastRadius(origin: string, edges: readonly CallEdge[]): string[] {
  const callers = callersOf(edges);
  const out = [origin];
  const seen = new Set(out);
  for (let i = 0; i < out.length; i++) {
    for (const e of callers.get(out[i] as string) ?? []) {
      if (seen.has(e.caller) || degradation(e) < REACHED) continue;
      seen.add(e.caller);
      out.push(e.caller);
    }
  }
  return out;
}

/** Whether one service calls another, directly or through others, in the incident window (memoised). */
export function reachability(edges: readonly CallEdge[]): (from: string, to: string) => boolean {
  const calls = new Map<string, string[]>();
  for (const e of edges) {
    if (e.calls.incident === 0 || e.caller === e.callee) continue;
    const list = calls.get(e.caller);
    if (list) list.push(e.callee);
    else calls.set(e.caller, [e.callee]);
  }
  const closure = new Map<string, Set<string>>();
  return (from, to) => {
    let reached = closure.get(from);
    if (!reached) {
      reached = new Set();
      const queue = [from];
      for (let i = 0; i < queue.length; i++) {
        for (const c of calls.get(queue[i] as string) ?? []) {
          if (reached.has(c)) continue;
          reached.add(c);
          queue.push(c);
        }
      }
      closure.set(from, reached);
    }
    return from !== to && reached.has(to);
  };
}
