import type { ReasoningStep, ReasoningStepKind } from '../../domain/reasoning-trail.ts';

/** The result every analysis tool returns (as HolmesGPT's tools do). */
export interface ToolResult<T> {
  status: 'ok' | 'empty' | 'error';
  data: T | null;
  error: string | null;
  params: Record<string, unknown>;
}

/** The reasoning trail: what actually ran, with what it returned, in order. */
export class Trail {
  readonly steps: ReasoningStep[] = [];

  add(kind: ReasoningStepKind, title: string, detail: string, tool?: string): void {
    const step: ReasoningStep = { step: this.steps.length + 1, kind, title: oneLine(title), detail };
    if (tool) step.tool = tool;
    this.steps.push(step);
  }

  /**
   * Runs a named tool, recording the call and its observation. A tool that throws yields an
   * `error` result, so one failing tool degrades the analysis instead of ending it.
   */
  run<T>(
    tool: string,
    params: Record<string, unknown>,
    fn: () => T,
    summarize: (data: T) => string,
    isEmpty: (data: T) => boolean = () => false,
  ): ToolResult<T> {
    this.add('TOOL_CALL', `${tool}`, JSON.stringify(params), tool);
    try {
      const data = fn();
      const status = isEmpty(data) ? 'empty' : 'ok';
      this.add('OBSERVATION', `${tool}: ${status}`, summarize(data), tool);
      return { status, data, error: null, params };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.add('OBSERVATION', `${tool}: error`, error, tool);
      return { status: 'error', data: null, error, params };
    }
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat || '-';
}
