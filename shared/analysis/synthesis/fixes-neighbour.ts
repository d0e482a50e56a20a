import type { DraftFix, FixEnv } from './fix-draft.ts';

/**
 * Fixes for a task that took the resources of the host it shared with another service: bound it,
 * keep it off that service's hosts, and give the starved service a fresh task. (Pausing the run
 * that began comes first, from the trigger.)
 */
export function neighbourFixes({ c, ops }: FixEnv, starved: string): DraftFix[] {
  const r = c.root;
  const fixes: (DraftFix | null)[] = [
    {
      title: `Give ${r} a CPU reservation and limit`,
      rationale: `${r} reserved no CPU, so the scheduler placed it where ${starved} already ran and nothing stopped it from taking every core.`,
      action: `Set a CPU (and memory) reservation and limit on ${r} that match what a run needs, so it is placed where there is room and cannot take more.`,
      command: ops.cpu(r),
    },
    {
      title: `Keep ${r} off the hosts of ${starved}`,
      rationale: `Heavy batch work and a latency-sensitive service on one host share its CPU; a placement rule keeps them apart.`,
      action:
        c.input.platform === 'kubernetes'
          ? `Give ${r} a node pool of its own (a nodeSelector or taint and toleration), or a podAntiAffinity against ${starved}.`
          : `Run ${r} on capacity of its own (a separate capacity provider or Fargate), or give it a placement constraint (memberOf an attribute) that keeps it off the instances of ${starved}.`,
    },
    {
      title: `Move ${starved} off the crowded host`,
      rationale: `Until ${r} stops, the task of ${starved} on its host stays short of CPU; a fresh task placed elsewhere serves at once.`,
      action: `Replace the task of ${starved} on that host (a new deployment places it by the reservations, now that ${r} declares its own).`,
      command: ops.restart(starved),
    },
  ];
  return fixes.filter((f): f is DraftFix => f !== null);
}
