import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const ENV = {
  // Dev mode: Powertools writes its EMF lines through the global console, which the test reads;
  // metrics stay enabled (dev mode alone turns them off).
  POWERTOOLS_DEV: 'true',
  POWERTOOLS_METRICS_DISABLED: 'false',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};
const saved = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));

beforeAll(() => {
  Object.assign(process.env, ENV);
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The EMF documents Powertools printed while `act` ran. */
async function emfOf(act: (metrics: Metrics) => void): Promise<Record<string, unknown>[]> {
  const target = new Metrics({ namespace: 'IncidentIQ', serviceName: 'incidentiq' });
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  act(target);
  return log.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>);
}

describe('the metrics port on Powertools', () => {
  it('publishes a count at once, in total and under its dimensions', async () => {
    const { powertoolsMetrics } = await import('../../../functions/runtime.ts');

    const emf = await emfOf((target) =>
      powertoolsMetrics(target).count('DegradedAnalysis', { FailedStep: 'analyze' }),
    );

    const directive = (dimensions: string[][]) => ({
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [
        {
          Namespace: 'IncidentIQ',
          Dimensions: dimensions,
          Metrics: [{ Name: 'DegradedAnalysis', Unit: 'Count' }],
        },
      ],
    });
    expect(emf).toEqual([
      { _aws: directive([['service']]), service: 'incidentiq', DegradedAnalysis: 1 },
      {
        _aws: directive([['service', 'FailedStep']]),
        service: 'incidentiq',
        FailedStep: 'analyze',
        DegradedAnalysis: 1,
      },
    ]);
  });

  it('publishes a count without dimensions once', async () => {
    const { powertoolsMetrics } = await import('../../../functions/runtime.ts');

    const emf = await emfOf((target) => powertoolsMetrics(target).count('ModelFallback'));

    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ service: 'incidentiq', ModelFallback: 1 });
  });

  it('leaves nothing stored for the step handler to publish twice', async () => {
    const { powertoolsMetrics } = await import('../../../functions/runtime.ts');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    const emf = await emfOf((target) => {
      powertoolsMetrics(target).count('ModelFallback', { ModelId: 'amazon.nova-pro-v1:0' });
      target.publishStoredMetrics();
    });

    expect(emf.filter((d) => 'ModelFallback' in d)).toHaveLength(2);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('No application metrics to publish'));
  });
});
