import { type NarrativeContext, rootIsWorkload } from './context.ts';
import type { Platform } from './narrative-input.ts';
import { type PlatformCommands, platformCommands } from './platform-commands.ts';

/** A fix before ranking. `rollback` marks a fix that reverts a release, so one is kept at most. */
export interface DraftFix {
  title: string;
  rationale: string;
  action: string;
  command?: string | undefined;
  rollback?: boolean;
}

export interface FixEnv {
  c: NarrativeContext;
  /** Commands for the platform the services run on. */
  ops: PlatformCommands;
  /** The same for the root service; none when the root is a managed store or an outside party. */
  rootOps: PlatformCommands;
}

export type FixBuilder = (env: FixEnv) => DraftFix[];

export function fixEnv(c: NarrativeContext): FixEnv {
  const ops = platformCommands(c.input.platform);
  const managed = ['database', 'storage', 'dns', 'external'].includes(c.input.rootRole);
  return { c, ops, rootOps: managed || c.input.rootService === null ? platformCommands('unknown') : ops };
}

/** "its callers (a and b)" or "its callers", for rationales about who suffers. */
export function callersPhrase(c: NarrativeContext): string {
  return c.callerList ? `its callers (${c.callerList})` : 'its callers';
}

const SAFE_ROLLOUT: Readonly<Record<Platform, string>> = {
  kubernetes:
    'keep maxUnavailable at 0 with a readiness probe that exercises the failing path and minReadySeconds, so a new ReplicaSet that does not become ready never replaces the old one',
  ecs: 'turn on the deployment circuit breaker with rollback, so ECS returns to the last healthy task definition when new tasks fail to stay healthy',
  lambda:
    'shift traffic to a new version gradually through a weighted alias (or CodeDeploy Canary10Percent5Minutes) with a rollback on the error alarm',
  ec2: 'deploy to one instance (or a small batch) at a time behind the load balancer health check, stopping the deployment when instances fail it',
  unknown: 'roll out to a small share of traffic first and roll back automatically when errors rise',
};

/** How a rollout stops a failing release on the platform, as a clause ("keep maxUnavailable at 0 …"). */
export function safeRolloutAction(platform: Platform): string {
  return SAFE_ROLLOUT[platform];
}

/** The first caller, which usually holds the client code a caller-side fix changes. */
export function firstCaller(c: NarrativeContext): string | null {
  return c.callers[0] ?? null;
}

/** A fix that reverts the root service's own last release, for classes where a release is the usual cause. */
export function rollbackRoot({ c, rootOps }: FixEnv, why: string): DraftFix | null {
  if (!rootIsWorkload(c)) return null;
  return {
    title: `Roll ${c.root} back to its last known-good release`,
    rationale: why,
    action: `Redeploy the release of ${c.root} that ran before the errors began, confirm ${c.signal} stops, and keep the new release out of production until the failing path is fixed.`,
    command: rootOps.rollback(c.root),
    rollback: true,
  };
}
