import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { type AwsComposition, createAwsComposition } from '../shared/composition/aws.ts';
import type { MetricsRecorder } from '../shared/ports/metrics.ts';
import { STEP_HANDLERS } from '../shared/workflow/handlers/index.ts';
import type { WorkflowState } from '../shared/workflow/state.ts';
import { type StepName, TRANSIENT_ERROR } from '../shared/workflow/steps.ts';

/** Powertools for every function: one logger, tracer and metrics set per cold start. */
export const logger = new Logger({ serviceName: 'incidentiq' });
export const tracer = new Tracer({ serviceName: 'incidentiq' });
export const metrics = new Metrics({ namespace: 'IncidentIQ', serviceName: 'incidentiq' });

let composition: AwsComposition | undefined;

/** The adapters, built once per execution environment (cold start), clients traced by X-Ray. */
export function aws(): AwsComposition {
  composition ??= createAwsComposition(process.env, powertoolsMetrics(metrics), (client) =>
    tracer.captureAWSv3Client(client),
  );
  return composition;
}

/**
 * The workflow's metrics port on Powertools: each count is published at once (EMF), whatever the
 * step does next, once in total (the alarms' metric) and once under its dimensions.
 */
export function powertoolsMetrics(target: Metrics): MetricsRecorder {
  return {
    count(name, dimensions = {}) {
      target.singleMetric().addMetric(name, MetricUnit.Count, 1);
      if (Object.keys(dimensions).length === 0) return;
      const detailed = target.singleMetric();
      for (const [key, value] of Object.entries(dimensions)) detailed.addDimension(key, value);
      detailed.addMetric(name, MetricUnit.Count, 1);
    },
  };
}

const RETRYABLE =
  /Throttl|TooManyRequests|ServiceUnavailable|RequestTimeout|SlowDown|InternalError|ECONNRESET|ETIMEDOUT/;

/** Names an error Step Functions should retry, so the state machine's Retry can match it. */
export function classifyError(error: unknown): Error {
  const err = error instanceof Error ? error : new Error(String(error));
  if (RETRYABLE.test(`${err.name} ${err.message}`)) err.name = TRANSIENT_ERROR;
  return err;
}

/**
 * A state-machine step as a Lambda handler: the incident id on every log line, a metric per
 * outcome, errors classified for the state machine's Retry and Catch.
 */
export function stepHandler(step: Exclude<StepName, 'intake'>) {
  return async (state: WorkflowState): Promise<WorkflowState> => {
    logger.appendKeys({ incidentId: state.incidentId, step });
    const started = Date.now();
    try {
      const next = await STEP_HANDLERS[step](state, aws().deps);
      metrics.addMetric(`${step}.succeeded`, MetricUnit.Count, 1);
      logger.info('step done', { ms: Date.now() - started, notes: next.notes?.length ?? 0 });
      return next;
    } catch (error) {
      const err = classifyError(error);
      metrics.addMetric(`${step}.failed`, MetricUnit.Count, 1);
      logger.error('step failed', err);
      throw err;
    } finally {
      metrics.publishStoredMetrics();
      logger.removeKeys(['incidentId', 'step']);
    }
  };
}
