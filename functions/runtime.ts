import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { namedError } from '../shared/adapters/aws/sdk-errors.ts';
import { type AwsComposition, createAwsComposition } from '../shared/composition/aws.ts';
import { isTransient } from '../shared/domain/errors.ts';
import type { MetricsRecorder } from '../shared/ports/metrics.ts';
import { STEP_HANDLERS } from '../shared/workflow/handlers/index.ts';
import type { WorkflowState } from '../shared/workflow/state.ts';
import { type StepName, TRANSIENT_ERROR } from '../shared/workflow/steps.ts';
import { instrumented, type LambdaHandler, logger, metrics, tracer } from './powertools.ts';

export { logger, metrics, tracer };

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

/**
 * Names an error Step Functions should retry, so the state machine's Retry can match it: ours by
 * class (TransientError and its kin), the SDK's by its typed fields (what its own retries left).
 */
export function classifyError(error: unknown): Error {
  const err = error instanceof Error ? error : new Error(String(error));
  if (isTransient(namedError(err))) err.name = TRANSIENT_ERROR;
  return err;
}

/**
 * A state-machine step as a Lambda handler, instrumented by Powertools (request id, cold start,
 * correlation id = incident id, a traced invocation, the metrics flushed): a metric per outcome,
 * errors classified for the state machine's Retry and Catch.
 */
export function stepHandler(step: Exclude<StepName, 'intake'>): LambdaHandler<WorkflowState, WorkflowState> {
  return instrumented(async (state: WorkflowState) => {
    logger.setCorrelationId(state.incidentId);
    logger.appendKeys({ incidentId: state.incidentId, step });
    tracer.putAnnotation('incidentId', state.incidentId);
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
    }
  });
}
