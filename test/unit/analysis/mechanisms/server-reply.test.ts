import { describe, expect, it } from 'vitest';
import { correlate } from '../../../../shared/analysis/correlate/findings.ts';
import { computeWindows } from '../../../../shared/analysis/window.ts';
import type { Telemetry } from '../../../../shared/domain/telemetry.ts';
import { ALARM, byTime, hourlyTelemetry, line, spread } from './builders.ts';

const window = computeWindows(ALARM);

/** The cache's memory: at its maxmemory all hour, as a cache that evicts runs, touching the limit now. */
function memory(): Telemetry {
  return hourlyTelemetry(
    {
      namespace: 'AWS/ElastiCache',
      metricName: 'DatabaseMemoryUsagePercentage',
      dimensions: { CacheClusterId: 'carts-cache' },
      stat: 'Average',
      unit: 'Percent',
    },
    (minute) => (minute < 8 ? 100 : 98.8 + (minute % 3) * 0.4),
  );
}

/**
 * A cart service writes through a Redis cache that was switched to refuse writes at its memory
 * limit instead of evicting: every write now gets Redis's own OOM reply, which the client passes on.
 */
function incident() {
  return byTime([
    ...spread('/ecs/carts', 58, 0, 300, (i) => `INFO cart c-${i} saved`),
    ...spread(
      '/ecs/carts',
      8,
      0,
      80,
      (i) =>
        `ERROR cart c-${900 + i} not saved: redis: OOM command not allowed when used memory > 'maxmemory'. (carts-cache)`,
    ),
  ]);
}

describe("a server's error reply its client passes on", () => {
  it("keeps the class it names against the server's memory at its limit", () => {
    const f = correlate({ events: incident() }, window, [], memory());
    expect(f.root?.service).toBe('carts-cache');
    expect(f.classification.faultClass).toBe('cache_failure');
  });
});

describe('a change to the AWS service that runs the only cache in play', () => {
  it("is that cache's: its parameter group set to refuse writes is the trigger", () => {
    const modified = line(
      '/aws/cloudtrail/management',
      20,
      JSON.stringify({
        eventVersion: '1.09',
        eventTime: new Date(ALARM - 20 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        eventSource: 'elasticache.amazonaws.com',
        eventName: 'ModifyCacheParameterGroup',
        userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::210987654321:assumed-role/platform/j.doe' },
        requestParameters: {
          cacheParameterGroupName: 'carts-redis7-params',
          parameterNameValues: [{ parameterName: 'maxmemory-policy', parameterValue: 'noeviction' }],
        },
      }),
    );
    const f = correlate({ events: byTime([...incident(), modified]) }, window, [], memory());
    expect(f.root?.service).toBe('carts-cache');
    expect(f.trigger?.change).toMatchObject({ kind: 'config', service: 'carts-cache' });
    expect(f.trigger?.change.description).toContain('ModifyCacheParameterGroup');
  });
});
