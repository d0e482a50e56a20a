import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../../../shared/analysis/correlate/changes/index.ts';
import { withRollouts } from '../../../../shared/analysis/correlate/changes/index.ts';
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
