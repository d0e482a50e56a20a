import { describe, expect, it } from 'vitest';
import { correlate } from '../../../shared/analysis/correlate/findings.ts';
import { CORRELATION_TOOLS } from '../../../shared/analysis/correlate/tools/index.ts';
import { type Tool, Trail } from '../../../shared/analysis/correlate/trail.ts';
import { computeWindows } from '../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../shared/domain/log-event.ts';
import type { ReasoningStep } from '../../../shared/domain/reasoning-trail.ts';

const ALARM = Date.parse('2026-03-02T08:30:00Z');
const MIN = 60_000;

function line(service: string, minutesBeforeAlarm: number, message: string): LogEvent {
  return {
    logGroup: `/app/${service}`,
    logStream: 'a',
    timestamp: ALARM - minutesBeforeAlarm * MIN,
    message,
  };
}

/** A quiet hour of a cart service calling a pricing service; from minute 6, pricing runs out of heap. */
function pricingOutOfMemory(): LogEvent[] {
  const events: LogEvent[] = [];
  for (let m = 50; m > 0; m -= 0.5) {
    events.push(line('cart', m, `INFO cart ${Math.round(m * 11)} priced in ${12 + (m % 7)}ms`));
    events.push(line('pricing', m, `INFO quote for item ${Math.round(m * 5)} computed`));
  }
  for (let m = 6; m > 0; m -= 0.5) {
    events.push(line('pricing', m, 'FATAL java.lang.OutOfMemoryError: Java heap space'));
    events.push(line('cart', m - 0.1, 'ERROR price lookup failed: connect ECONNREFUSED pricing:8443'));
  }
  return events;
}

const calls = (steps: ReasoningStep[]) => steps.filter((s) => s.kind === 'TOOL_CALL').map((s) => s.tool);
const names = CORRELATION_TOOLS.map((t) => t.name);

describe('the correlation tools', () => {
  it('are listed once each, with a name a model can call and a sentence saying what they find', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const tool of CORRELATION_TOOLS) {
      expect(tool.name).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
      expect(tool.description.length).toBeGreaterThan(20);
    }
  });

  it('run in the order of the list, each call recorded under its name with its parameters and summary', () => {
    const f = correlate({ events: pricingOutOfMemory() }, computeWindows(ALARM));
    expect(f.root?.service).toBe('pricing');
    const called = calls(f.trail.steps);
    // No telemetry, no request ids, no change and no behaviour shift: the tools that read them, or
    // fuse them with the log ranking, do not apply; every other one ran, in the list's order.
    const idle = new Set([
      'analyze_telemetry',
      'find_released_callees',
      'join_request_ids',
      'join_log_traces',
      'fuse_origin_candidates',
    ]);
    expect(called).toEqual(names.filter((n) => !idle.has(n)));
    for (const name of called) {
      const call = f.trail.steps.find((s) => s.kind === 'TOOL_CALL' && s.tool === name);
      const observation = f.trail.steps.find((s) => s.kind === 'OBSERVATION' && s.tool === name);
      expect(() => JSON.parse(call?.detail ?? '')).not.toThrow();
      expect(observation?.title).toMatch(new RegExp(`^${name}: (ok|empty)$`));
    }
    const propagation = f.trail.steps.find((s) => s.kind === 'OBSERVATION' && s.tool === 'propagation_path');
    expect(propagation?.detail).toBe('pricing -> cart');
    expect(f.trail.steps.at(-1)?.title).toBe('Root cause: pricing, memory_exhaustion');
  });

  it('stop at the first tool whose finding ends the analysis, and the trail says why', () => {
    const quiet = pricingOutOfMemory().filter((e) => e.timestamp < ALARM - 30 * MIN);
    const f = correlate({ events: quiet }, computeWindows(ALARM));
    expect(f.inconclusive).toBe(true);
    expect(calls(f.trail.steps)).toEqual(['mine_templates']);
    expect(f.limitations).toContain('No log line falls in the incident window.');
    expect(f.trail.steps.at(-1)?.kind).toBe('DECISION');
  });
});

describe('a tool value in the trail', () => {
  const count: Tool<string[], number> = {
    name: 'count_words',
    description: 'Counts the words it is given.',
    parameters: (words) => ({ words: words.length }),
    run: (words) => {
      if (words.includes('boom')) throw new Error('cannot count boom');
      return words.length;
    },
    summarize: (n, words) => `${n} of ${words.join(' ')}`,
    isEmpty: (n) => n === 0,
  };

  it('records the call from the value: parameters, summary (with its input) and status', () => {
    const trail = new Trail();
    expect(trail.call(count, ['a', 'b']).data).toBe(2);
    expect(trail.call(count, []).status).toBe('empty');
    expect(trail.steps.map((s) => [s.kind, s.title, s.detail])).toEqual([
      ['TOOL_CALL', 'count_words', '{"words":2}'],
      ['OBSERVATION', 'count_words: ok', '2 of a b'],
      ['TOOL_CALL', 'count_words', '{"words":0}'],
      ['OBSERVATION', 'count_words: empty', '0 of '],
    ]);
  });

  it('turns a tool that throws into an error result instead of ending the analysis', () => {
    const trail = new Trail();
    const result = trail.call(count, ['boom']);
    expect(result).toMatchObject({ status: 'error', data: null, error: 'cannot count boom' });
    expect(trail.steps.at(-1)).toMatchObject({ title: 'count_words: error', detail: 'cannot count boom' });
  });
});
