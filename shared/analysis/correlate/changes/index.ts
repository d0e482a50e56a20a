/**
 * Change evidence, in the order it is used: a line announcing a change (detect-change), or a
 * control plane's account of one (control-plane), the repeated ones bounded as they are collected
 * (change-keeper), a Kubernetes rollout read as the deploy it is (rollouts), an autoscaler's action
 * read as the capacity schedule it carried out (scheduled-capacity), a control plane's
 * change given to the service whose object it changed (attribute), the change that set the fault
 * off (trigger), and failing that the activity that began just before it (activity).
 */
export { type ActivityPattern, inferActivity } from './activity.ts';
export { attributeChanges } from './attribute.ts';
export { ChangeKeeper, compareChanges, ROUTINE_CHANGES_KEPT } from './change-keeper.ts';
export type { ChangeTarget } from './control-plane.ts';
export { type ChangeEvent, type ChangeKind, detectChange } from './detect-change.ts';
export { withTaskRevisions } from './ecs-revisions.ts';
export { isNetworkChange, isNetworkTarget } from './network-change.ts';
export { withRollouts } from './rollouts.ts';
export { withScheduledCapacity } from './scheduled-capacity.ts';
export { inferTrigger, type TriggerFinding } from './trigger.ts';
