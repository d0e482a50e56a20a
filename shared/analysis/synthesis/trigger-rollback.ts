import { FAULT_CLASS_LABELS } from '../../domain/fault-class.ts';
import { isRelease, joinList, policyScope, quoteSignal, rootIsWorkload } from './context.ts';
import type { DraftFix, FixEnv } from './fix-draft.ts';

/** A namespaced network policy as change descriptions name it (`NetworkPolicy payments/deny-egress`). */
const NAMESPACED_POLICY =
  /\b(NetworkPolicy|CiliumNetworkPolicy|PeerAuthentication|AuthorizationPolicy) ([\w.-]+)\/([\w.-]+)/;

/** Fix #1 when a change preceded the fault: revert that change, named by its version or description. */
export function triggerRollback({ c, ops: platformOps, rootOps }: FixEnv): DraftFix | null {
  const t = c.input.trigger;
  if (!t || (t.kind === 'restart' && !t.version)) return null;
  const s = t.service;
  // A managed root (a database, an outside party) is not rolled back with the platform's tools.
  const ops = s === c.input.rootService ? rootOps : platformOps;
  // A managed resource's setting is applied to it (a table's capacity, an instance's parameter), not redeployed.
  const managed = s === c.input.rootService && !rootIsWorkload(c);
  const label = FAULT_CLASS_LABELS[c.input.faultClass].toLowerCase();
  const logged = quoteSignal(t.description);
  const recover = [c.root, ...c.callers].filter((x, i, all) => all.indexOf(x) === i);
  const because = `The ${label} of ${c.root} (${c.signal}) began after ${c.change}, logged as ${logged}.`;
  const watch = `watch that ${c.signal} stops and ${joinList(recover)} recover${recover.length > 1 ? '' : 's'}`;
  if (isRelease(t)) {
    const from = t.version ? ` from version ${t.version}` : '';
    return {
      title: `Roll back ${s}${from} to the previous release`,
      rationale: `${because} The previous release ran without this fault, so rolling back restores service while the cause is found in the new one.`,
      action: `Redeploy the release of ${s} that ran before ${t.version ? `version ${t.version}` : 'the deploy'}, ${watch}, and block ${t.version ? `version ${t.version}` : 'the new release'} from redeploying until the cause is fixed.`,
      command: ops.rollback(s),
      rollback: true,
    };
  }
  if (t.kind === 'config') {
    return {
      title: `Revert the configuration change to ${s}`,
      rationale: `${because} Restoring the previous configuration removes the only thing that changed.`,
      action: `Restore the previous value of the changed setting (from version control or the previous revision of the deployment definition), ${managed ? `apply it to ${s}` : `redeploy ${s}`}, and ${watch}.`,
      command: ops.rollback(s),
      rollback: true,
    };
  }
  if (t.kind === 'activity') {
    // No command: what started the run (a scheduler, a cron, an operator) is not in the logs.
    return {
      title: `Pause the activity that began in ${s} before the fault`,
      rationale: `${because} Nothing was deployed or reconfigured; the load this activity adds is the one thing that changed.`,
      action: `Stop or throttle that run (its scheduler, queue or operator), ${watch}, then resume it in smaller batches or with ${c.root} sized for it.`,
    };
  }
  if (t.kind === 'policy' && t.network) {
    const policy = NAMESPACED_POLICY.exec(t.description);
    const scope = policyScope(t);
    const kind = policy?.[1]?.toLowerCase();
    return {
      title: `Revert the network policy change for ${scope}`,
      rationale: `${because} Restoring the previous policy restores the connections the new one cut.`,
      action: `Restore the previous policy from version control (or remove the new one), ${watch}, then allow the connections ${scope} needs in the policy before reapplying it.`,
      command: policy
        ? `kubectl get ${kind} ${policy[3]} -n ${policy[2]} -o yaml\nkubectl delete ${kind} ${policy[3]} -n ${policy[2]}`
        : undefined,
      rollback: true,
    };
  }
  if (t.kind === 'policy') {
    return {
      title: `Revert the permission policy change for ${s}`,
      rationale: `${because} Making the previous policy version the default again restores the permissions ${s} had before.`,
      action: `Set the previous policy version as default and ${watch}.`,
      command:
        'aws iam list-policy-versions --policy-arn <policy-arn>\naws iam set-default-policy-version --policy-arn <policy-arn> --version-id <previous-version-id>',
      rollback: true,
    };
  }
  return {
    title: `Undo the scaling change of ${s}`,
    rationale: `${because} Returning ${s} to its previous capacity restores the conditions it ran under without the fault.`,
    action: `Set ${s} back to its capacity before the change and ${watch}.`,
    command: ops.scale(s),
    rollback: true,
  };
}
