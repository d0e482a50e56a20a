/**
 * Change evidence, in the order it is used: a line announcing a change (detect-change), the
 * repeated ones bounded as they are collected (change-keeper), a Kubernetes rollout read as the
 * deploy it is (rollouts), the change that set the fault off (trigger), and failing that the
 * activity that began just before it (activity).
 */
export { type ActivityPattern, inferActivity } from './activity.ts';
export { ChangeKeeper, compareChanges, ROUTINE_CHANGES_KEPT } from './change-keeper.ts';
export { type ChangeEvent, type ChangeKind, detectChange } from './detect-change.ts';
export { withRollouts } from './rollouts.ts';
export { inferTrigger, type TriggerFinding } from './trigger.ts';
