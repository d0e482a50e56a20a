import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../../../shared/analysis/correlate/changes/index.ts';
import { detectChange, withRollouts } from '../../../../shared/analysis/correlate/changes/index.ts';
import { parseEvent } from '../../../../shared/analysis/parse/index.ts';
import type { LogRecord } from '../../../../shared/domain/log-event.ts';

const T0 = Date.UTC(2026, 10, 20, 16, 0, 0);

function scaled(service: string, direction: 'up' | 'down', replicaSet: string, minute: number): ChangeEvent {
  const description = `Scaled ${direction} replica set ${replicaSet} to ${direction === 'up' ? 3 : 0}`;
  const at = T0 + minute * 60_000;
  return { kind: 'scale', at, service, description, record: { at, raw: description } as LogRecord };
}

const kinds = (changes: ChangeEvent[]) => withRollouts(changes).map((c) => c.kind);

describe('withRollouts', () => {
  it('reads a new replica set scaled up while the old one goes down as a deploy', () => {
    expect(
      kinds([scaled('api', 'up', 'api-6b8d7f9c4', 0), scaled('api', 'down', 'api-5f7c9d8b6', 1)]),
    ).toEqual(['deploy', 'scale']);
  });

  it('leaves an autoscaler at work as scaling: one replica set up and down, or up alone', () => {
    expect(
      kinds([scaled('api', 'up', 'api-6b8d7f9c4', 0), scaled('api', 'down', 'api-6b8d7f9c4', 5)]),
    ).toEqual(['scale', 'scale']);
    expect(kinds([scaled('api', 'up', 'api-6b8d7f9c4', 0)])).toEqual(['scale']);
  });

  it('does not pair replica sets of other services, or far apart in time', () => {
    expect(
      kinds([scaled('api', 'up', 'api-6b8d7f9c4', 0), scaled('web', 'down', 'web-5f7c9d8b6', 1)]),
    ).toEqual(['scale', 'scale']);
    expect(
      kinds([scaled('api', 'up', 'api-6b8d7f9c4', 0), scaled('api', 'down', 'api-5f7c9d8b6', 40)]),
    ).toEqual(['scale', 'scale']);
  });
});

describe('the version of a rollout', () => {
  const pullEvent = (pod: string, image: string, minute: number) => {
    const line = `{"kind":"Event","type":"Normal","reason":"Pulling","involvedObject":{"kind":"Pod","name":"${pod}"},"message":"Pulling image \\"${image}\\"","lastTimestamp":"${new Date(T0 + minute * 60_000).toISOString()}"}`;
    return detectChange(
      parseEvent({ logGroup: '/eks/shop/events', timestamp: T0 + minute * 60_000, message: line }),
    );
  };
  const pull = (pod: string, image: string, minute: number): ChangeEvent => {
    const change = pullEvent(pod, image, minute);
    if (!change) throw new Error('a pull of a versioned image is read as a change');
    return change;
  };

  it('is the tag the kubelet pulled for a pod of the new replica set, as written', () => {
    const old = pull('api-5f7c9d8b6-x2x9k', '4411.dkr.ecr.eu-west-1.amazonaws.com/shop/api:v4.11.2', -30);
    const fresh = pull('api-6b8d7f9c4-q8r2m', '4411.dkr.ecr.eu-west-1.amazonaws.com/shop/api:v4.12.0', 0.2);
    expect(fresh).toMatchObject({ kind: 'restart', service: 'api', version: 'v4.12.0' });
    const [deploy] = withRollouts([
      scaled('api', 'up', 'api-6b8d7f9c4', 0),
      scaled('api', 'down', 'api-5f7c9d8b6', 1),
      old,
      fresh,
    ]);
    expect(deploy).toMatchObject({ kind: 'deploy', version: 'v4.12.0' });
  });

  it('is none for a tag that is not a version (latest, a digest)', () => {
    expect(pullEvent('api-6b8d7f9c4-q8r2m', 'shop/api:latest', 0)).toBeNull();
    expect(
      pullEvent(
        'api-6b8d7f9c4-q8r2m',
        'shop/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        0,
      ),
    ).toBeNull();
  });
});

describe('the version of a container starting', () => {
  it('is its image tag, from the metadata its log shipper adds, when the line names none', () => {
    const line = JSON.stringify({
      log: 'INFO report-renderer starting, workers=4\n',
      stream: 'stdout',
      kubernetes: {
        pod_name: 'report-renderer-6c7d8f9b5-p4x2m',
        container_image: '4411.dkr.ecr.eu-west-1.amazonaws.com/clinic/report-renderer:3.8.0',
      },
    });
    const change = detectChange(
      parseEvent({ logGroup: '/aws/containerinsights/clinic/application', timestamp: T0, message: line }),
    );
    expect(change).toMatchObject({
      kind: 'deploy',
      service: 'report-renderer',
      version: '3.8.0',
      startOnly: true,
    });
  });
});

describe('a configuration file reloaded', () => {
  const change = (message: string) =>
    detectChange(parseEvent({ logGroup: '/eks/recon/statement-ingest', timestamp: T0, message }));

  it('is a configuration change, as a mounted ConfigMap update reaches the process', () => {
    expect(
      change('INFO formats.yaml changed on disk (..data -> ..2026_12_03_09_42_16), reloading'),
    ).toMatchObject({
      kind: 'config',
      service: 'statement-ingest',
    });
    expect(change('INFO reloaded routing.toml: 42 routes')).toMatchObject({ kind: 'config' });
  });

  it('is not a request for a file of that kind', () => {
    expect(change('INFO GET /static/manifest.json 200 in 3 ms')).toBeNull();
  });
});
