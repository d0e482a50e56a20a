import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import { ALARM, byTime, line, spread } from './builders.ts';

const window = computeWindows(ALARM);
const AUDIT = '/aws/eks/fjord-prod/cluster';

function auditLine(
  minutesBeforeAlarm: number,
  verb: string,
  resource: string,
  namespace: string,
  name: string,
) {
  return line(
    AUDIT,
    minutesBeforeAlarm,
    JSON.stringify({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      stage: 'ResponseComplete',
      requestURI: `/api/v1/namespaces/${namespace}/${resource}/${name}`,
      verb,
      user: { username: 'fjord-sso:a.haugen' },
      userAgent: 'kubectl/v1.31.0 (darwin/arm64) kubernetes/9b1e0c2',
      objectRef: { resource, namespace, name, apiVersion: 'v1' },
      responseStatus: { code: 200 },
    }),
  );
}

/** The control plane at work through the hour: leader elections and reads, never a change. */
function controlPlaneNoise() {
  return spread(AUDIT, 58, 0, 120, (i) =>
    JSON.stringify({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      stage: 'ResponseComplete',
      verb: i % 2 ? 'update' : 'get',
      user: { username: i % 2 ? 'system:kube-scheduler' : 'fjord-sso:a.haugen' },
      objectRef: {
        resource: i % 2 ? 'leases' : 'configmaps',
        namespace: 'kube-system',
        name: 'kube-scheduler',
      },
      responseStatus: { code: 200 },
    }),
  );
}

/** A quoting service that reads its price bands from a mounted file and reloads it when it changes. */
function quoting(reloadAt: number, failFrom: number) {
  return [
    ...spread('/eks/fjord/quoting', 58, 0, 580, (i) => `INFO quote ${i} priced in ${30 + (i % 7)} ms`),
    line('/eks/fjord/quoting', reloadAt, 'INFO bands.yaml changed on disk, reloading'),
    ...spread(
      '/eks/fjord/quoting',
      failFrom,
      0,
      90,
      (i) => `ERROR quote ${9000 + i} rejected: no price band for region NO-3`,
    ),
  ];
}

describe("a control plane's change as the trigger", () => {
  it('is a ConfigMap edit in the audit log, given to the service that reloaded it, with the reload quoted', () => {
    const events = byTime([
      ...controlPlaneNoise(),
      ...quoting(8, 7.5),
      auditLine(9.2, 'patch', 'configmaps', 'pricing', 'price-bands'),
      ...spread('/eks/fjord/checkout', 58, 0, 290, (i) => `INFO basket ${i} checked out`),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('quoting');
    expect(f.trigger?.change.kind).toBe('config');
    expect(f.trigger?.change.service).toBe('quoting');
    expect(f.trigger?.change.description).toBe(
      'patch ConfigMap pricing/price-bands by fjord-sso:a.haugen (kubectl/v1.31.0)',
    );
    expect(f.trigger?.change.seenAs?.message).toMatch(/bands\.yaml changed on disk/);
    expect(f.classification.faultClass).toBe('config_error');
  });

  it('is a NetworkPolicy named after the origin, which makes its failures a connectivity fault', () => {
    const events = byTime([
      ...spread('/eks/fjord/courier-api', 58, 0, 580, (i) => `INFO parcel ${i} booked in ${40 + (i % 5)} ms`),
      line(
        '/eks/fjord/gitops-controller',
        8.5,
        `time="2026-08-11T03:11:30Z" level=info msg="Adding resource result, status: 'Synced', message: 'networkpolicy.networking.k8s.io/courier-api-egress created'" application=gitops/courier`,
      ),
      ...spread(
        '/eks/fjord/courier-api',
        7,
        0,
        70,
        (i) => `ERROR parcel ${7000 + i} not booked: carrier gateway unreachable`,
      ),
      ...spread(
        '/eks/fjord/gitops-controller',
        58,
        0,
        60,
        (i) =>
          `time="2026-08-11T02:30:00Z" level=info msg="Reconciliation completed" application=gitops/app-${i % 3}`,
      ),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('courier-api');
    expect(f.trigger?.change.kind).toBe('policy');
    expect(f.trigger?.change.service).toBe('courier-api');
    expect(f.classification.faultClass).toBe('network_connectivity');
  });

  it("is not another service's NetworkPolicy", () => {
    const events = byTime([
      ...spread('/eks/fjord/courier-api', 58, 0, 580, (i) => `INFO parcel ${i} booked in ${40 + (i % 5)} ms`),
      auditLine(8.5, 'create', 'networkpolicies', 'ledger', 'ledger-egress'),
      ...spread(
        '/eks/fjord/courier-api',
        7,
        0,
        70,
        (i) => `ERROR parcel ${7000 + i} not booked: carrier gateway unreachable`,
      ),
      ...spread('/eks/fjord/ledger', 58, 0, 290, (i) => `INFO entry ${i} posted`),
    ]);
    const f = correlate({ events }, window);
    expect(f.root?.service).toBe('courier-api');
    expect(f.trigger?.change.kind).not.toBe('policy');
  });
});
