import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { namedError } from '../shared/adapters/aws/sdk-errors.ts';
import type { ClientHook, PortFactories } from '../shared/composition/aws-step.ts';
import { composeStep } from '../shared/composition/aws-step.ts';
import { isTransient } from '../shared/domain/errors.ts';
import type { MetricsRecorder } from '../shared/ports/metrics.ts';
import type { StepDeps, WorkflowPort } from '../shared/workflow/ports.ts';
import type { StepState } from '../shared/workflow/state.ts';
import { TRANSIENT_ERROR, type WorkflowStep } from '../shared/workflow/step.ts';
import { instrumented, type LambdaHandler, logger, metrics, tracer } from './powertools.ts';

export { logger, metrics, tracer };

/** Each SDK client traced by X-Ray. */
export const traced: ClientHook = (client) => tracer.captureAWSv3Client(client);

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
 * errors classified for the state machine's Retry and Catch. Its adapters are built once per
 * execution environment (cold start) from the factories of the ports the step lists.
 */
export function stepHandler<const P extends readonly WorkflowPort[], In extends StepState, Out>(
  step: WorkflowStep<P, In, Out>,
  ports: PortFactories<P>,
): LambdaHandler<In, Out> {
  const { name } = step.spec;
  let deps: StepDeps<P> | undefined;
  return instrumented(async (state: In) => {
    logger.setCorrelationId(state.incidentId);
    logger.appendKeys({ incidentId: state.incidentId, step: name });
    tracer.putAnnotation('incidentId', state.incidentId);
    const started = Date.now();
    try {
      deps ??= composeStep(step.spec.ports, ports, process.env, powertoolsMetrics(metrics), traced);
      const next = await step.run(state, deps);
      metrics.addMetric(`${name}.succeeded`, MetricUnit.Count, 1);
      const notes = (next as { notes?: unknown[] }).notes?.length ?? 0;
      logger.info('step done', { ms: Date.now() - started, notes });
      return next;
    } catch (error) {
      const err = classifyError(error);
      metrics.addMetric(`${name}.failed`, MetricUnit.Count, 1);
      logger.error('step failed', err);
      throw err;
    }
  });
}
