import type { ChangeTarget } from './control-plane.ts';
import type { ChangeEvent } from './detect-change.ts';

/** Policies that decide which packets pass, not which calls are allowed: their faults are connectivity faults. */
const NETWORK_RESOURCES: ReadonlySet<string> = new Set([
  'networkpolicy',
  'ciliumnetworkpolicy',
  'securitygrouppolicy',
  // Istio's mutual TLS mode (STRICT refuses plain-text connections at the sidecar).
  'peerauthentication',
]);

/** A network policy change (a Kubernetes NetworkPolicy and its kin): it decides what the workload can reach. */
export function isNetworkTarget(target: ChangeTarget | undefined): boolean {
  return target !== undefined && NETWORK_RESOURCES.has(target.resource);
}

/** EC2's security-group and network-ACL calls (CloudTrail event names) decide which packets pass, not which calls are allowed. */
const NETWORK_POLICY =
  /\b(?:AuthorizeSecurityGroup|RevokeSecurityGroup|(?:Create|Replace|Delete)NetworkAclEntry|ReplaceNetworkAclAssociation)/;

/**
 * A policy change that decides what the service can reach over the network, rather than what it
 * may do. Its own module, with no parser behind it: the report of an alarm alone names changes too.
 */
export function isNetworkChange(change: ChangeEvent): boolean {
  return (
    change.kind === 'policy' && (isNetworkTarget(change.target) || NETWORK_POLICY.test(change.description))
  );
}
