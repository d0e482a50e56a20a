import type { ReasoningStep, ReasoningStepKind } from '../../domain/reasoning-trail.ts';

/** The result every analysis tool returns (as HolmesGPT's tools do). */
export interface ToolResult<T> {
  status: 'ok' | 'empty' | 'error';
  data: T | null;
  error: string | null;
  params: Record<string, unknown>;
}

/**
 * An analysis tool as a value: what the trail records of a call (its name, its inputs, a summary of
 * its result) comes from the tool itself, so the trail, the tests and a model read one description.
 */
export interface Tool<I, T> {
  /** The name the trail records, and a model would call the tool by. */
  readonly name: string;
  /** What the tool finds, in one sentence. */
  readonly description: string;
  /** The inputs of a call, as the trail records them. */
  parameters(input: I): Record<string, unknown>;
  run(input: I): T;
  /** The observation the trail records of a result. */
  summarize(result: T, input: I): string;
  /** Whether a result found nothing (recorded as `empty`). */
  isEmpty?(result: T): boolean;
}

/** The reasoning trail: what actually ran, with what it returned, in order. */
export class Trail {
  readonly steps: ReasoningStep[];

  /** A new trail, or one that goes on from the given steps (a copy of them, numbered on). */
  constructor(from: readonly ReasoningStep[] = []) {
    this.steps = from.map((s) => ({ ...s }));
  }

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

  /** Runs a tool value on its input, recorded as `run` records a call. */
  call<I, T>(tool: Tool<I, T>, input: I): ToolResult<T> {
    return this.run(
      tool.name,
      tool.parameters(input),
      () => tool.run(input),
      (result) => tool.summarize(result, input),
      tool.isEmpty ? (result) => tool.isEmpty?.(result) === true : undefined,
    );
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat || '-';
}
