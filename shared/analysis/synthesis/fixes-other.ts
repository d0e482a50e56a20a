import type { DraftFix, FixBuilder } from './fix-draft.ts';

/** A clear origin with no named mechanism: contain it, then find the mechanism from its own failure. */
export const otherFixes: FixBuilder = ({ c, ops }) => {
  const r = c.root;
  const fixes: DraftFix[] = [
    {
      title: `Read ${r}'s first failure and what it was doing`,
      rationale: `${r} failed first (${c.signal}) and no known mechanism explains the line, so its own context is the evidence.`,
      action: `Read ${r}'s log lines around the first failure: the operation, its inputs and any warning just before it.`,
      command: ops.crashLogs(r),
    },
    {
      title: `Check what changed in or around ${r}`,
      rationale:
        'A failure that starts at one moment usually follows a change: code, configuration, data or a dependency.',
      action: `List deployments, configuration changes and data loads of ${r} in the hour before its first failure.`,
      command: ops.history(r),
    },
    {
      title: `Alarm on ${r}'s own failures`,
      rationale: `The alarm fired on a symptom; ${r}'s failure line came first.`,
      action: `Add a metric filter on ${r}'s failure line and alarm on its rate, so the next occurrence is caught at its origin.`,
    },
  ];
  return fixes;
};
