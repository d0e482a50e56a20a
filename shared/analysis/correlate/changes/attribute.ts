import type { ChangeTarget } from './control-plane.ts';
import type { ChangeEvent } from './detect-change.ts';
import { namespaceOf } from './shipper-metadata.ts';

/**
 * How long a ConfigMap or Secret update takes to reach the pods that mount it: the kubelet's sync
 * period plus its cache's propagation delay, about a minute each by default (Kubernetes
 * documentation, ConfigMaps, "Mounted ConfigMaps are updated automatically"), with margin.
 */
const PROPAGATION_MS = 3 * 60_000;

/**
 * A control plane's change belongs to the service whose object it changed, not to the audit log or
 * controller that reported it: the service the object is named after (`checkout`, `checkout-egress`,
 * `checkout-config`, the longest such name), else, for a ConfigMap or Secret, the service that
 * reloaded its configuration in the minutes the update takes to reach its pods (in the same
 * namespace when both say), else the one service whose own lines name the object (the one that reads
 * that secret or parameter). Those reloads are the change arriving, not changes of their own: they
 * are folded into it (`seenAs`, the first of them). A CodeDeploy deployment belongs to the service
 * its deployment group is named after (`orders-consumer-live` deploys `orders-consumer`). A
 * namespaced policy that belongs to no service applies to its whole namespace (`wholeNamespace`).
 * Every other change is returned as it is.
 */
export function attributeChanges(
  changes: readonly ChangeEvent[],
  services: readonly string[],
  usersOf: (object: string) => readonly string[] = () => [],
): ChangeEvent[] {
  const folded = new Set<ChangeEvent>();
  const attributed = changes.map((change) => {
    const target = change.target;
    if (!target) {
      if (!deploysFor(change)) return change;
      const named =
        serviceNamed(change.service, services, change.service) ?? serviceEnding(change.service, services);
      return named ? { ...change, service: named } : change;
    }
    const named = serviceNamed(target.name, services, change.service) ?? selectedService(target, services);
    const mounted = target.resource === 'configmap' || target.resource === 'secret';
    const reloads = mounted
      ? changes.filter(
          (c) =>
            c.kind === 'config' &&
            !c.target &&
            !folded.has(c) &&
            c.at > change.at &&
            c.at - change.at <= PROPAGATION_MS &&
            c.service !== change.service &&
            (named === undefined || c.service === named) &&
            sameNamespace(target, c),
        )
      : [];
    // The one who made the change (a rotation function named in the call's identity) is no user of it.
    const actor = JSON.stringify(change.record.fields?.userIdentity ?? '').toLowerCase();
    const users = usersOf(target.name).filter(
      (u) => u !== change.service && !actor.includes(u.toLowerCase()),
    );
    const owner = named ?? reloads[0]?.service ?? (users.length === 1 ? users[0] : undefined);
    // A role or user no service is known to act as may be any service's: the change stays the account's.
    if (owner === undefined && isPrincipal(target)) {
      const { target: _principal, ...accountWide } = change;
      return accountWide;
    }
    if (owner === undefined)
      return appliesToNamespace(change) ? { ...change, target: { ...target, wholeNamespace: true } } : change;
    const taken = reloads.filter((c) => c.service === owner);
    for (const c of taken) folded.add(c);
    const seenAs = taken[0]?.record;
    return { ...change, service: owner, ...(seenAs ? { seenAs } : {}) };
  });
  return attributed.filter((c) => !folded.has(c));
}

/**
 * The service an object is named after: its whole name, or its name's first dash- or dot-separated
 * words; for a path-like name (a Secrets Manager secret `prod/signer/api-key`), one of its segments.
 */
function serviceNamed(name: string, services: readonly string[], reporter: string): string | undefined {
  const segments = name.toLowerCase().split('/');
  let best: string | undefined;
  for (const service of services) {
    const s = service.toLowerCase();
    if (service === reporter || s.length < 3) continue;
    const named = segments.some(
      (object) => object === s || object.startsWith(`${s}-`) || object.startsWith(`${s}.`),
    );
    if (named && (best === undefined || s.length > best.length)) best = service;
  }
  return best;
}

/**
 * The service a name ends with (`DgpECS-web-policy-portal`: the ECS console names a blue/green
 * deployment's CodeDeploy application and group `AppECS-<cluster>-<service>` and
 * `DgpECS-<cluster>-<service>`), the longest such.
 */
function serviceEnding(name: string, services: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  for (const service of services) {
    const s = service.toLowerCase();
    if (s.length >= 3 && lower.endsWith(`-${s}`) && (best === undefined || s.length > best.length))
      best = service;
  }
  return best;
}

/** The one service a policy's selector names (its pods' `app` label), when it names one. */
function selectedService(target: ChangeTarget, services: readonly string[]): string | undefined {
  const selected = new Set((target.selects ?? []).map((n) => n.toLowerCase()));
  const matches = services.filter((s) => selected.has(s.toLowerCase()));
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * A CodeDeploy deployment's event names its application and deployment group (CodeDeploy User
 * Guide, "Monitor deployments with Amazon EventBridge"), which are what deploys a service, never
 * the function or service itself.
 */
function deploysFor(change: ChangeEvent): boolean {
  return change.record.fields?.source === 'aws.codedeploy';
}

/**
 * A namespaced policy whose selector is empty or unknown and that no service is named after: a
 * NetworkPolicy with an empty podSelector "selects all pods in the namespace" (Kubernetes, Network
 * Policies), an Istio PeerAuthentication or AuthorizationPolicy without a selector applies
 * namespace-wide (Istio, PeerAuthentication reference).
 */
function appliesToNamespace(change: ChangeEvent): boolean {
  const target = change.target;
  return change.kind === 'policy' && target?.namespace !== undefined && (target.selects ?? []).length === 0;
}

function isPrincipal(target: ChangeTarget): boolean {
  return target.resource.startsWith('iam-');
}

function sameNamespace(target: ChangeTarget, reload: ChangeEvent): boolean {
  const namespace = namespaceOf(reload.record);
  return target.namespace === undefined || namespace === undefined || namespace === target.namespace;
}
