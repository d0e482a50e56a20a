import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { narrativeInput } from '../../../../shared/analysis/report-build/narrative.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { LogEvent } from '../../../../shared/domain/log-event.ts';
import { ALARM, byTime, line, shippedSpread } from './builders.ts';

const window = computeWindows(ALARM);
const APP = '/aws/containerinsights/river/application';

const pod = (name: string, namespace: string, container: string) => ({
  pod_name: name,
  namespace_name: namespace,
  container_name: container,
});

const shipped = (
  kubernetes: ReturnType<typeof pod>,
  from: number,
  to: number,
  count: number,
  log: (i: number) => string,
) => shippedSpread(APP, kubernetes, from, to, count, log);

/**
 * A tenants team's quota service lives in namespace `tenancy`; the signup API in `web` asks it
 * for every new account. A GitOps sync applies a mesh policy to the whole `tenancy` namespace
 * (no service's name, no selector) that makes its sidecars refuse plain text: the quota service's
 * proxy starts rejecting, and the signup API reports the resets.
 */
function incident(policyNamespace: string): LogEvent[] {
  const quotaPod = pod('quota-svc-6c9f7d-kq2lp', 'tenancy', 'quota-svc');
  const signupPod = pod('signup-api-77d8b9-x2m4c', 'web', 'signup-api');
  return byTime([
    ...shipped(quotaPod, 50, 6.2, 88, (i) => `INFO quota check tenant=t${i} allowed=true`),
    ...shipped(signupPod, 50, 0, 100, (i) => `INFO POST /v1/signup account=a${i} 201`),
    ...Array.from({ length: 16 }, (_, i) =>
      line(
        `${APP}/argocd`,
        50 - i * 3,
        `time="2026-08-11T02:30:00Z" level=info msg="Reconciliation completed" application=app-${i % 4}`,
      ),
    ),
    line(
      `${APP}/argocd`,
      6.5,
      `time="2026-08-11T03:13:30Z" level=info msg="Applying resource PeerAuthentication/default in cluster: https://kubernetes.default.svc, namespace: ${policyNamespace}"`,
    ),
    ...shipped(
      pod('quota-svc-6c9f7d-kq2lp', 'tenancy', 'istio-proxy'),
      6,
      0,
      40,
      () => '[2026-08-11T03:15:00.000Z] "- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-"',
    ),
    ...shipped(
      signupPod,
      5.9,
      0,
      40,
      (i) =>
        `ERROR quota check for account a${i} failed: ConnectionResetError: [Errno 104] Connection reset by peer`,
    ),
  ]);
}

describe('a mesh policy applied to a whole namespace', () => {
  it('is the trigger of a fault in a workload of that namespace, though it names none', () => {
    const f = correlate({ events: incident('tenancy') }, window);
    expect(f.root?.service).toBe('istio-proxy');
    expect(f.trigger?.change).toMatchObject({
      kind: 'policy',
      target: { resource: 'peerauthentication', namespace: 'tenancy', wholeNamespace: true },
    });
    const narrative = narrativeInput(f);
    expect(narrative.trigger?.namespace).toBe('tenancy');
  });

  it('is no trigger of a fault in a workload of another namespace', () => {
    const f = correlate({ events: incident('billing') }, window);
    expect(f.trigger?.change.description ?? '').not.toContain('PeerAuthentication');
  });
});
