import type { LogRecord } from '../../../domain/log-event.ts';
import { isRecord, stringField } from '../../parse/text.ts';
import type { ChangeKind } from './change-kind.ts';
import { workloadVersion } from './image-version.ts';

/** The object a control plane reports changed: a Kubernetes resource, by kind, namespace and name. */
export interface ChangeTarget {
  /** The resource type, singular and lower case (`configmap`, `networkpolicy`, `deployment`). */
  resource: string;
  namespace?: string;
  name: string;
  /** Who made the change (the audit log's user), when the line says. */
  by?: string;
  /** The workloads a policy applies to, by the name labels its pod selector matches (`app=route-planner`). */
  selects?: string[];
  /**
   * A policy that no service is named after and whose selector names none: it applies to every
   * workload of its namespace (set when changes are attributed).
   */
  wholeNamespace?: boolean;
}

export interface ControlPlaneChange {
  kind: ChangeKind;
  description: string;
  target: ChangeTarget;
  /** The version a written workload runs, from the object the record holds (its image tag). */
  version?: string;
}

/**
 * What a change to each Kubernetes resource type alters, by the type's documented role: what a
 * workload reads (ConfigMap, Secret; Service, Ingress, Istio VirtualService and DestinationRule,
 * Gateway API HTTPRoute route its traffic), what it may reach or do (NetworkPolicy, Cilium's
 * CiliumNetworkPolicy, the VPC CNI's SecurityGroupPolicy, Istio's PeerAuthentication, which sets
 * whether a workload's sidecar accepts plain-text connections; RBAC's Role, RoleBinding,
 * ServiceAccount, Istio's AuthorizationPolicy), what it runs (Deployment, StatefulSet, DaemonSet, CronJob, Argo
 * Rollouts' Rollout) and how many (HorizontalPodAutoscaler, KEDA's ScaledObject). Other types
 * (pods, events, leases, endpoints) are written by controllers as they work, not changed by people.
 * Each with the kind name people call it by.
 */
const RESOURCES: Readonly<Record<string, { kind: ChangeKind; name: string }>> = {
  configmap: { kind: 'config', name: 'ConfigMap' },
  secret: { kind: 'config', name: 'Secret' },
  service: { kind: 'config', name: 'Service' },
  ingress: { kind: 'config', name: 'Ingress' },
  virtualservice: { kind: 'config', name: 'VirtualService' },
  destinationrule: { kind: 'config', name: 'DestinationRule' },
  httproute: { kind: 'config', name: 'HTTPRoute' },
  networkpolicy: { kind: 'policy', name: 'NetworkPolicy' },
  ciliumnetworkpolicy: { kind: 'policy', name: 'CiliumNetworkPolicy' },
  securitygrouppolicy: { kind: 'policy', name: 'SecurityGroupPolicy' },
  peerauthentication: { kind: 'policy', name: 'PeerAuthentication' },
  role: { kind: 'policy', name: 'Role' },
  rolebinding: { kind: 'policy', name: 'RoleBinding' },
  clusterrole: { kind: 'policy', name: 'ClusterRole' },
  clusterrolebinding: { kind: 'policy', name: 'ClusterRoleBinding' },
  serviceaccount: { kind: 'policy', name: 'ServiceAccount' },
  authorizationpolicy: { kind: 'policy', name: 'AuthorizationPolicy' },
  deployment: { kind: 'deploy', name: 'Deployment' },
  statefulset: { kind: 'deploy', name: 'StatefulSet' },
  daemonset: { kind: 'deploy', name: 'DaemonSet' },
  cronjob: { kind: 'deploy', name: 'CronJob' },
  rollout: { kind: 'deploy', name: 'Rollout' },
  horizontalpodautoscaler: { kind: 'scale', name: 'HorizontalPodAutoscaler' },
  scaledobject: { kind: 'scale', name: 'ScaledObject' },
};

/**
 * The resource type as the audit log (`configmaps`), kubectl (`networkpolicy.networking.k8s.io`)
 * and Argo CD (`NetworkPolicy`) write it, singular and lower case; undefined for types not above.
 */
function resourceOf(written: string): { resource: string; kind: ChangeKind; name: string } | undefined {
  const base = (written.split('.')[0] ?? '').toLowerCase();
  const forms = [base, base.replace(/s$/, ''), base.replace(/ies$/, 'y'), base.replace(/es$/, '')];
  const resource = forms.find((form) => Object.hasOwn(RESOURCES, form));
  const known = resource === undefined ? undefined : RESOURCES[resource];
  return resource && known ? { resource, ...known } : undefined;
}

const WRITE_VERBS: ReadonlySet<string> = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/**
 * Requesters that are the cluster at work, not someone changing it: the control plane's own
 * components (`system:kube-controller-manager`, `system:kube-scheduler`, `system:apiserver`),
 * kubelets (`system:node:<name>`), controllers running as kube-system service accounts, and the
 * components EKS runs for the cluster (users `eks:*`, Amazon EKS User Guide, "Default Amazon EKS
 * created Kubernetes roles and users").
 */
function isClusterAtWork(username: string): boolean {
  return (
    /^system:(?:kube-controller-manager|kube-scheduler|kube-proxy|apiserver|node:)/.test(username) ||
    username.startsWith('system:serviceaccount:kube-system:') ||
    username.startsWith('eks:')
  );
}

/**
 * A Kubernetes API audit event (audit.k8s.io/v1 `Event`, as EKS sends the control plane's audit
 * log to CloudWatch Logs) that wrote a resource of a type above: a create, update, patch or delete
 * that completed (stage ResponseComplete, a 2xx answer), by someone other than the cluster at work,
 * not a dry run, and not of a subresource (`status`) other than `scale`.
 */
function auditChange(fields: Record<string, unknown>): ControlPlaneChange | null {
  const apiVersion = stringField(fields, 'apiVersion');
  if (fields.kind !== 'Event' || !apiVersion?.startsWith('audit.k8s.io/')) return null;
  const verb = stringField(fields, 'verb');
  if (!verb || !WRITE_VERBS.has(verb)) return null;
  if (fields.stage !== undefined && fields.stage !== 'ResponseComplete') return null;
  const status = fields.responseStatus;
  const code = isRecord(status) ? status.code : undefined;
  if (typeof code === 'number' && (code < 200 || code > 299)) return null;
  if (stringField(fields, 'requestURI')?.includes('dryRun=')) return null;
  const user = fields.user;
  const username = (isRecord(user) ? stringField(user, 'username') : undefined) ?? '';
  if (isClusterAtWork(username)) return null;
  const ref = isRecord(fields.objectRef) ? fields.objectRef : {};
  const written = stringField(ref, 'resource');
  const name = stringField(ref, 'name');
  const subresource = stringField(ref, 'subresource');
  const type = written ? resourceOf(written) : undefined;
  if (!type || !name || (subresource && subresource !== 'scale')) return null;
  const namespace = stringField(ref, 'namespace');
  const agent = stringField(fields, 'userAgent')?.split(' ')[0];
  const target: ChangeTarget = {
    resource: type.resource,
    name,
    ...(namespace ? { namespace } : {}),
    ...(username ? { by: username } : {}),
  };
  const selects = selectedNames(fields.requestObject) ?? selectedNames(fields.responseObject);
  if (selects) target.selects = selects;
  const kind: ChangeKind = subresource === 'scale' ? 'scale' : type.kind;
  const description = `${verb} ${type.name}${subresource ? `/${subresource}` : ''} ${namespace ? `${namespace}/` : ''}${name}${username ? ` by ${username}` : ''}${agent ? ` (${agent})` : ''}`;
  // Audit levels Request and RequestResponse hold the object written: its image tag is the version.
  const version = workloadVersion(fields.requestObject, name) ?? workloadVersion(fields.responseObject, name);
  return version ? { kind, description, target, version } : { kind, description, target };
}

/**
 * The labels that name a workload (Kubernetes' recommended `app.kubernetes.io/name`, and the `app`,
 * `k8s-app` and `name` labels in common use).
 */
const NAME_LABELS = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name'];

/**
 * The workload names a policy's selector matches: a NetworkPolicy's and a SecurityGroupPolicy's
 * `spec.podSelector`, a CiliumNetworkPolicy's `spec.endpointSelector`, an Istio
 * AuthorizationPolicy's `spec.selector` (each "selects the pods to which this policy applies").
 * An empty selector (every pod of the namespace) names none.
 */
function selectedNames(object: unknown): string[] | undefined {
  const spec = isRecord(object) && isRecord(object.spec) ? object.spec : undefined;
  if (!spec) return undefined;
  for (const key of ['podSelector', 'endpointSelector', 'selector']) {
    const selector = spec[key];
    const labels = isRecord(selector) && isRecord(selector.matchLabels) ? selector.matchLabels : undefined;
    if (!labels) continue;
    const names = NAME_LABELS.map((label) => labels[label]).filter((v): v is string => typeof v === 'string');
    if (names.length > 0) return [...new Set(names)];
  }
  return undefined;
}

/**
 * kubectl's account of an apply, create or delete (`deployment.apps/checkout configured`,
 * `networkpolicy.networking.k8s.io/api-egress created`), which GitOps controllers pass on: Argo
 * CD's application controller quotes it in its `Adding resource result` lines. `unchanged` is no
 * change. The application a controller line is about is its `application` field.
 */
const KUBECTL_RESULT =
  /(?:^|[\s'"])([a-z][a-z0-9]*)(?:\.[a-z0-9.-]+)?\/([a-z0-9][a-z0-9.-]*) (created|configured|deleted|serverside-applied)\b/;

/**
 * The apply itself as gitops-engine (Argo CD's sync) logs it before it runs kubectl: "Applying
 * resource ClusterRole/batch-orchestrator-role in cluster: https://…, namespace: …", the
 * resource's namespace last.
 */
const SYNC_APPLY =
  /\bApplying resource ([A-Za-z]+)\/([a-z0-9][a-z0-9.-]*) in cluster\b(?:[^\n]*?, namespace: ([a-z0-9][a-z0-9-]*))?/;

/** The words of a kubectl result or apply, for a line to be looked at (with every other change word, at once). */
export const KUBECTL_RESULT_WORD =
  / (?:created|configured|deleted|serverside-applied)\b|\bApplying resource\b/;

export function kubectlResult(rec: LogRecord, line: string): ControlPlaneChange | null {
  const result = KUBECTL_RESULT.exec(line);
  const m = result ?? SYNC_APPLY.exec(line);
  const type = m?.[1] ? resourceOf(m[1]) : undefined;
  const name = m?.[2];
  if (!type || !name) return null;
  const application = rec.fields ? stringField(rec.fields, 'application') : undefined;
  const namespace = result ? undefined : m?.[3];
  return {
    kind: type.kind,
    description: `${type.name} ${namespace ? `${namespace}/` : ''}${name} ${result?.[3] ?? 'applied'}${application ? ` (application ${application})` : ''}`,
    target: { resource: type.resource, name, ...(namespace ? { namespace } : {}) },
  };
}

/** A change the Kubernetes API audit log records, read from the event's fields. */
export function auditLogChange(rec: LogRecord): ControlPlaneChange | null {
  return rec.fields ? auditChange(rec.fields) : null;
}
