import type { NarrativeContext } from './context.ts';
import { after, type ClassStory } from './story.ts';

function spent(c: NarrativeContext): string {
  return c.input.spent ?? c.store ?? 'the database';
}

function others(c: NarrativeContext): string {
  return c.callerList ?? `the other clients of ${spent(c)}`;
}

/**
 * How a load that spent a database is told, whatever class its effect took: the origin's statements
 * took the database's capacity, and the others, who need it too, waited past their timeouts.
 */
export const loadStory: ClassStory = {
  state: (c) => `taking more of ${spent(c)} than it could give`,
  propagation: (c) =>
    c.callerList ? `, and ${c.callerList}, which need ${spent(c)} too, failed in turn` : '',
  mechanism: (c) =>
    `Because ${spent(c)} spent its time on ${c.root}'s statements (most of its risen slow statements were ${c.root}'s), so the statements of ${others(c)} queued behind them and passed their timeouts${after(c)}.`,
  causeQuestion: (c) => `Why did ${c.root} take that much of ${spent(c)}?`,
  cause: (c) =>
    c.changeName
      ? `Because ${c.changeName} began a run larger than the ordinary ones (a full pass, a period's or a backlog's worth of rows), and nothing bounded its sessions or the time of its statements.`
      : `Because its statements grew (a full scan, a larger batch), and nothing bounded its sessions or the time of its statements.`,
  guardQuestion: (c) => `Why could one client starve the others of ${spent(c)}?`,
  guardrail: (c) =>
    `Because nothing caps a client's share of ${spent(c)}: no statement timeout or connection limit on the role ${c.root} connects as, no replica for heavy reads, and ${others(c)} wait on it without a bound.`,
  designQuestion: (c) => `Why do heavy runs and interactive work share ${spent(c)} unguarded?`,
  design: (c) =>
    `Because ${c.root}'s runs were sized on ordinary periods and scheduled without regard to the interactive traffic: their cost at their peak was never measured against the headroom of ${spent(c)}.`,
  systemic: (c) =>
    `${c.root} and ${others(c)} share ${spent(c)} with no cap on any one client's share, so a heavy run of ${c.root} takes the capacity the others need.`,
  counterfactual: (c) =>
    `Had the role ${c.root} connects as carried a statement timeout and a connection limit (or its run gone to a read replica), ${spent(c)} would have kept room for ${others(c)}, and the run would have taken longer instead of failing them.`,
};
