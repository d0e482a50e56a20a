import { describe, expect, it } from 'vitest';
import { blastRadius } from '../../../shared/analysis/telemetry/call-graph.ts';
import type { CallEdge } from '../../../shared/analysis/telemetry/types.ts';

function edge(
  caller: string,
  callee: string,
  latency: [number, number],
  errors: [number, number] = [0, 0],
): CallEdge {
  return {
    caller,
    callee,
    calls: { baseline: 120, incident: 60 },
    latencyMs: { baseline: latency[0], incident: latency[1] },
    networkMs: { baseline: 1, incident: 1 },
    errorShare: { baseline: errors[0], incident: errors[1] },
  };
}

describe('the blast radius in the traces', () => {
  it('takes the callers whose calls into the hop below slowed or failed, not those that went on as before', () => {
    const edges = [
      edge('checkout', 'slots', [12, 640]),
      edge('web', 'checkout', [40, 700]),
      // The lockers registry calls the slot service too, for a lookup that stayed fast and sound.
      edge('lockers', 'slots', [6, 7]),
      // The tracker's calls failed more, at the same speed.
      edge('tracker', 'slots', [9, 9], [0, 0.3]),
    ];
    expect(blastRadius('slots', edges)).toEqual(['slots', 'checkout', 'tracker', 'web']);
  });
});
