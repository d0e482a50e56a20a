import { describe, expect, it } from 'vitest';
import {
  attributeChanges,
  type ChangeEvent,
  detectChange,
  isNetworkChange,
} from '../../../../shared/analysis/correlate/changes/index.ts';
import { parseEvent } from '../../../../shared/analysis/parse/index.ts';

const T0 = Date.UTC(2026, 10, 3, 7, 0, 0);
const SEC = 1000;

/** One Kubernetes API audit event as EKS ships the control plane's audit log to CloudWatch Logs. */
function audit(
  at: number,
  verb: string,
  objectRef: Record<string, string>,
  username = 'corp-sso:r.okafor',
  extra: Record<string, unknown> = {},
) {
  const message = JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `a-${at}`,
    stage: 'ResponseComplete',
    requestURI: `/api/v1/namespaces/${objectRef.namespace ?? 'default'}/${objectRef.resource}/${objectRef.name}`,
    verb,
    user: { username, groups: ['system:authenticated'] },
    userAgent: 'kubectl/v1.30.2 (linux/amd64) kubernetes/39683505',
    objectRef: { apiVersion: 'v1', ...objectRef },
    responseStatus: { metadata: {}, code: 200 },
    ...extra,
  });
  return {
    logGroup: '/aws/eks/tundra-prod/cluster',
    logStream: 'kube-apiserver-audit-1f2e',
    timestamp: at,
    message,
  };
}

const change = (event: ReturnType<typeof audit>) => detectChange(parseEvent(event));

describe('a Kubernetes audit event', () => {
  it('is a change when someone writes a ConfigMap, a NetworkPolicy, a Deployment or its scale', () => {
    const patched = change(
      audit(T0, 'patch', { resource: 'configmaps', namespace: 'billing', name: 'tax-rules' }),
    );
    expect(patched?.kind).toBe('config');
    expect(patched?.target).toEqual({
      resource: 'configmap',
      namespace: 'billing',
      name: 'tax-rules',
      by: 'corp-sso:r.okafor',
    });
    expect(patched?.description).toBe(
      'patch ConfigMap billing/tax-rules by corp-sso:r.okafor (kubectl/v1.30.2)',
    );
    expect(
      change(audit(T0, 'create', { resource: 'networkpolicies', namespace: 'billing', name: 'deny-all' }))
        ?.kind,
    ).toBe('policy');
    expect(
      change(audit(T0, 'update', { resource: 'deployments', namespace: 'billing', name: 'invoicer' }))?.kind,
    ).toBe('deploy');
    expect(
      change(
        audit(T0, 'update', {
          resource: 'deployments',
          namespace: 'billing',
          name: 'invoicer',
          subresource: 'scale',
        }),
      )?.kind,
    ).toBe('scale');
  });

  it('gives a written workload the version of its image, when the record holds the object', () => {
    const requestObject = {
      kind: 'Deployment',
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'log-router', image: 'fluent/fluent-bit:3.1.4' },
              {
                name: 'fare-engine',
                image: '111122223333.dkr.ecr.eu-north-1.amazonaws.com/fare-engine:7.3.0@sha256:ab12',
              },
            ],
          },
        },
      },
    };
    const patch = audit(
      T0,
      'patch',
      { resource: 'deployments', namespace: 'fares', name: 'fare-engine' },
      'gitops-bot',
      {
        level: 'RequestResponse',
        requestObject,
      },
    );
    expect(detectChange(parseEvent(patch))).toMatchObject({ kind: 'deploy', version: '7.3.0' });
    const metadataOnly = audit(T0, 'patch', {
      resource: 'deployments',
      namespace: 'fares',
      name: 'fare-engine',
    });
    expect(detectChange(parseEvent(metadataOnly))?.version).toBeUndefined();
  });

  it('is the cluster at work, not a change, when a controller, a kubelet or EKS writes', () => {
    const ref = { resource: 'configmaps', namespace: 'billing', name: 'tax-rules' };
    expect(change(audit(T0, 'update', ref, 'system:kube-controller-manager'))).toBeNull();
    expect(change(audit(T0, 'update', ref, 'system:node:ip-10-0-3-7.ec2.internal'))).toBeNull();
    expect(change(audit(T0, 'update', ref, 'system:serviceaccount:kube-system:leader-elector'))).toBeNull();
    expect(change(audit(T0, 'update', ref, 'eks:addon-manager'))).toBeNull();
    // A deployment tool's own service account is someone changing the cluster.
    expect(change(audit(T0, 'update', ref, 'system:serviceaccount:cd:release-bot'))?.kind).toBe('config');
  });

  it('is no change when it only reads, failed, was a dry run, or wrote a status or a lease', () => {
    const ref = { resource: 'configmaps', namespace: 'billing', name: 'tax-rules' };
    expect(change(audit(T0, 'get', ref))).toBeNull();
    expect(change(audit(T0, 'patch', ref, undefined, { responseStatus: { code: 403 } }))).toBeNull();
    expect(change(audit(T0, 'patch', ref, undefined, { stage: 'RequestReceived' }))).toBeNull();
    expect(
      change(
        audit(T0, 'patch', ref, undefined, {
          requestURI: '/api/v1/namespaces/billing/configmaps/tax-rules?dryRun=All',
        }),
      ),
    ).toBeNull();
    expect(
      change(
        audit(T0, 'patch', {
          resource: 'deployments',
          namespace: 'billing',
          name: 'invoicer',
          subresource: 'status',
        }),
      ),
    ).toBeNull();
    expect(
      change(audit(T0, 'update', { resource: 'leases', namespace: 'billing', name: 'invoicer-leader' })),
    ).toBeNull();
  });
});

describe("kubectl's account of an apply", () => {
  const line = (message: string) =>
    detectChange(parseEvent({ logGroup: '/ci/deployer', logStream: 'job-88', timestamp: T0, message }));

  it('is a change of what was created or configured, passed on by a GitOps controller or a CI job', () => {
    const applied = line('deployment.apps/invoicer configured');
    expect(applied?.kind).toBe('deploy');
    expect(applied?.target).toEqual({ resource: 'deployment', name: 'invoicer' });
    const quoted = line(
      `time="2026-11-03T07:00:00Z" level=info msg="Adding resource result, status: 'Synced', phase: 'Running', message: 'networkpolicy.networking.k8s.io/invoicer-egress created'" application=gitops/billing`,
    );
    expect(quoted?.kind).toBe('policy');
    expect(quoted?.description).toBe('NetworkPolicy invoicer-egress created (application gitops/billing)');
  });

  it('is no change when unchanged, or when the object is no Kubernetes resource', () => {
    expect(line('configmap/tax-rules unchanged')).toBeNull();
    expect(line('INFO customer/88123 created')).toBeNull();
  });
});

function reload(service: string, at: number, namespace?: string): ChangeEvent {
  const fields = namespace ? { kubernetes: { namespace_name: namespace } } : undefined;
  const record = parseEvent({
    logGroup: `/eks/tundra/${service}`,
    logStream: `${service}-7d9f`,
    timestamp: at,
    message: JSON.stringify({ level: 'info', msg: 'rules.yaml changed on disk, reloading', ...fields }),
  });
  const detected = detectChange(record);
  if (!detected) throw new Error('a reload is a change');
  return detected;
}

describe('attributeChanges', () => {
  const services = ['invoicer', 'invoicer-worker', 'ledger', 'tundra-prod'];
  const write = (name: string, resource = 'configmaps', at = T0) =>
    change(audit(at, 'patch', { resource, namespace: 'billing', name })) as ChangeEvent;

  it('gives a policy named after no service to the one workload its pod selector names', () => {
    const policy = (podSelector: Record<string, unknown>) =>
      change(
        audit(
          T0,
          'create',
          { resource: 'networkpolicies', namespace: 'billing', name: 'billing-lockdown' },
          undefined,
          {
            level: 'RequestResponse',
            requestObject: { kind: 'NetworkPolicy', spec: { podSelector, policyTypes: ['Egress'] } },
          },
        ),
      ) as ChangeEvent;
    const [selected] = attributeChanges(
      [policy({ matchLabels: { app: 'ledger', tier: 'backend' } })],
      services,
    );
    expect(selected?.service).toBe('ledger');
    expect(selected?.target?.selects).toEqual(['ledger']);
    // Every pod of the namespace: no one workload's change.
    const [everyone] = attributeChanges([policy({})], services);
    expect(everyone?.service).not.toBe('ledger');
  });

  it('gives an object named after a service to that service, the longest name first', () => {
    const [policy, config] = attributeChanges(
      [write('invoicer-worker-egress', 'networkpolicies'), write('invoicer-settings')],
      services,
    );
    expect(policy?.service).toBe('invoicer-worker');
    expect(config?.service).toBe('invoicer');
  });

  it('gives a ConfigMap to the service that reloaded its configuration right after, folding its reloads in', () => {
    const cm = write('tax-rules');
    const out = attributeChanges(
      [cm, reload('ledger', T0 + 70 * SEC, 'billing'), reload('ledger', T0 + 75 * SEC, 'billing')],
      services,
    );
    expect(out).toHaveLength(1);
    expect(out[0]?.service).toBe('ledger');
    expect(out[0]?.seenAs?.at).toBe(T0 + 70 * SEC);
  });

  it('keeps them apart when the reload comes too late, or in another namespace', () => {
    const late = attributeChanges([write('tax-rules'), reload('ledger', T0 + 10 * 60 * SEC)], services);
    expect(late.map((c) => c.service)).toEqual(['tundra-prod', 'ledger']);
    const elsewhere = attributeChanges(
      [write('tax-rules'), reload('ledger', T0 + 60 * SEC, 'payroll')],
      services,
    );
    expect(elsewhere.map((c) => c.service)).toEqual(['tundra-prod', 'ledger']);
  });
});

describe("Istio's PeerAuthentication", () => {
  it('is a network policy: its mutual TLS mode decides which connections a sidecar accepts', () => {
    const applied = detectChange(
      parseEvent({
        logGroup: '/aws/containerinsights/core/application',
        logStream: 's',
        timestamp: T0,
        message:
          'time="2026-11-03T07:00:00Z" level=info msg="Applying resource PeerAuthentication/default in cluster: https://kubernetes.default.svc, namespace: billing"',
      }),
    ) as ChangeEvent;
    expect(applied).toMatchObject({
      kind: 'policy',
      target: { resource: 'peerauthentication', name: 'default' },
    });
    expect(isNetworkChange(applied)).toBe(true);
  });
});

describe('a CodeDeploy deployment', () => {
  const deployment = (group: string) =>
    detectChange(
      parseEvent({
        logGroup: '/aws/events/codedeploy',
        logStream: 's',
        timestamp: T0,
        message: JSON.stringify({
          version: '0',
          id: 'd1',
          'detail-type': 'CodeDeploy Deployment State-change Notification',
          source: 'aws.codedeploy',
          account: '210987654321',
          time: '2026-11-03T07:00:00Z',
          region: 'eu-west-1',
          resources: [],
          detail: {
            deploymentId: 'd-4KX81',
            deploymentGroup: group,
            application: `${group}-app`,
            state: 'START',
          },
        }),
      }),
    ) as ChangeEvent;

  it('is a release of the service its deployment group is named after', () => {
    const [release] = attributeChanges([deployment('invoicer-worker-blue')], ['invoicer', 'invoicer-worker']);
    expect(release).toMatchObject({ kind: 'deploy', service: 'invoicer-worker' });
  });

  it('is a release of the service the ECS console names its group after, last', () => {
    const [release] = attributeChanges([deployment('DgpECS-web-policy-portal')], ['policy-portal', 'portal']);
    expect(release?.service).toBe('policy-portal');
  });

  it("stays the deployment group's when no service is named so", () => {
    const [release] = attributeChanges([deployment('payments-canary')], ['invoicer', 'invoicer-worker']);
    expect(release?.service).toBe('payments-canary');
  });
});

describe('isNetworkChange', () => {
  const policy = (description: string, target?: ChangeEvent['target']): ChangeEvent => ({
    kind: 'policy',
    at: T0,
    service: 'edge',
    description,
    ...(target ? { target } : {}),
    record: parseEvent({ logGroup: '/trail', logStream: 's', timestamp: T0, message: description }),
  });

  it('is a NetworkPolicy or a security-group or network-ACL call, not a permission policy', () => {
    expect(
      isNetworkChange(
        policy('networkpolicy/edge-egress created', { resource: 'networkpolicy', name: 'edge-egress' }),
      ),
    ).toBe(true);
    expect(isNetworkChange(policy('RevokeSecurityGroupIngress sg-0a1b2c3d'))).toBe(true);
    expect(isNetworkChange(policy('ReplaceNetworkAclEntry acl-07f1'))).toBe(true);
    expect(isNetworkChange(policy('PutRolePolicy edge-task-role'))).toBe(false);
    expect(
      isNetworkChange(
        policy('rolebinding/edge-reader created', { resource: 'rolebinding', name: 'edge-reader' }),
      ),
    ).toBe(false);
  });
});
