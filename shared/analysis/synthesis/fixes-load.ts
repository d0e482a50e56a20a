import { isSql, joinList } from './context.ts';
import type { DraftFix, FixEnv } from './fix-draft.ts';
import { callerResilience } from './fixes-network.ts';
import { sql } from './store-commands.ts';

/**
 * Fixes for a service whose load spent a database the others need: see its share of the database,
 * cap that share, and let the others fail fast while the database is slow. (Pausing the run that
 * began comes first, from the trigger.)
 */
export function loadFixes({ c }: FixEnv, spent: string): DraftFix[] {
  const r = c.root;
  const kind = isSql(c.storeKind) ? c.storeKind : 'postgres';
  const others = c.callers.filter((s) => s !== spent);
  const fixes: (DraftFix | null)[] = [
    {
      title: `See how much of ${spent} ${r} takes`,
      rationale: `${spent} spent its time on ${r}'s statements while ${others.length > 0 ? joinList(others) : 'its other clients'} waited on it (${c.signal}).`,
      action: `List the statements running on ${spent} by database user and application, and note how many are ${r}'s and how long they have run.`,
      command: sql.activeByClient(kind),
    },
    {
      title: `Give ${r} a share of ${spent} it cannot exceed`,
      rationale: `A run that may open as many sessions and scan as long as it likes takes the capacity the interactive clients of ${spent} need.`,
      action: `Cap the database role ${r} connects as with a statement timeout and a connection limit, and run it in smaller batches, off the busy hours or against a read replica.`,
      command: sql.capRole(kind),
    },
    callerResilience(
      { ...c, root: spent, callers: others, callerList: others.length > 0 ? joinList(others) : null },
      true,
    ),
  ];
  return fixes.filter((f): f is DraftFix => f !== null);
}
