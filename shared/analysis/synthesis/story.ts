import type { NarrativeContext } from './context.ts';

type Text = (c: NarrativeContext) => string;

/**
 * How one fault class is told: the chain the five whys follow (state → mechanism → cause →
 * missing guardrail → design), and the systemic root cause and counterfactual drawn from it.
 * Each text may use the trigger (`c.change`) when one preceded the fault.
 */
export interface ClassStory {
  /** Reads after "<root> was": "running out of memory". */
  state: Text;
  /** How the fault reached the callers, after why #1's signal; the default says they depend on the root. */
  propagation?: Text;
  mechanism: Text;
  causeQuestion: Text;
  cause: Text;
  guardQuestion: Text;
  guardrail: Text;
  designQuestion: Text;
  design: Text;
  systemic: Text;
  counterfactual: Text;
}

/** "; it began after <change>" when a change preceded the fault. */
export function after(c: NarrativeContext): string {
  return c.change ? `; it began after ${c.change}` : '';
}

/** Who would have been spared: the callers, or the root's own users. */
export function spared(c: NarrativeContext): string {
  return c.callerList ?? `the users of ${c.root}`;
}

export function dbName(c: NarrativeContext): string {
  return c.store ?? 'the database';
}

/** The verb ending for the callers as subject: "" for several (or none named), "s" for one. */
export function s(c: NarrativeContext): string {
  return c.callers.length === 1 ? 's' : '';
}

/** "its callers (a and b)" in prose, or "its callers". */
export function callersOf(c: NarrativeContext): string {
  return c.callerList ?? 'its callers';
}
