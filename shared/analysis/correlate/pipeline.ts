import { iso } from './iso.ts';
import type { Reading } from './reading.ts';
import type { CorrelationTool, Verdict } from './tools/correlation-tool.ts';
import { Trail } from './trail.ts';

/** A new reasoning trail, opened by the comparison every correlation makes: baseline against incident window. */
export function startTrail(defaults: Reading['defaults']): Trail {
  const trail = new Trail();
  trail.add(
    'THOUGHT',
    'Compare the incident window with the baseline before it',
    `Baseline ${iso(defaults.baselineStart)} to ${iso(defaults.baselineEnd)}, incident window ${iso(defaults.baselineEnd)} to ${iso(defaults.incidentEnd)}, alarm at ${iso(defaults.alarmAt)}.`,
  );
  return trail;
}

/**
 * Runs the tools in order over the reading, each call recorded in its trail, until one's verdict
 * ends the analysis inconclusive (or the list ends: 'continue').
 */
export function runTools(tools: readonly CorrelationTool<unknown>[], reading: Reading): Verdict {
  for (const tool of tools) {
    const result = tool.applies?.(reading) === false ? null : reading.trail.call(tool, reading).data;
    if (tool.keep(reading, result) === 'inconclusive') return 'inconclusive';
  }
  return 'continue';
}
