import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createIntakeComposition, type IntakeComposition } from '../shared/composition/aws-intake.ts';
import { admitAlarm } from '../shared/workflow/steps/intake.ts';
import { instrumented } from './powertools.ts';
import { classifyError, logger, metrics, traced } from './runtime.ts';

/**
 * EventBridge target for "CloudWatch Alarm State Change": validates the event, consults the alarm's
 * remembered state (re-delivery, flapping within the cool-down, related alarms) and starts the
 * workflow execution named after the incident (and run), so a re-delivered event starts nothing new.
 */
export const handler = instrumented(admit);

let composition: IntakeComposition | undefined;

async function admit(event: unknown): Promise<{ incidentId?: string; started: boolean; reason?: string }> {
  composition ??= createIntakeComposition(process.env, traced);
  const { blobs, sfn, config, alarms } = composition;
  try {
    const result = await admitAlarm(event, { blobs, alarms });
    if (!result.started) {
      logger.warn('event ignored', { reason: result.reason });
      metrics.addMetric('intake.ignored', MetricUnit.Count, 1);
      return { started: false, reason: result.reason };
    }
    const { state } = result;
    logger.setCorrelationId(state.incidentId);
    logger.appendKeys({ incidentId: state.incidentId });
    try {
      await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: config.stateMachineArn,
          name: result.executionName,
          input: JSON.stringify(state),
        }),
      );
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) {
        logger.info('execution already exists: re-delivered event');
        metrics.addMetric('intake.duplicate', MetricUnit.Count, 1);
        return { incidentId: state.incidentId, started: false, reason: 'duplicate' };
      }
      throw error;
    }
    metrics.addMetric(result.update ? 'intake.flapping-rerun' : 'intake.started', MetricUnit.Count, 1);
    return { incidentId: state.incidentId, started: true };
  } catch (error) {
    const err = classifyError(error);
    logger.error('intake failed', err);
    throw err;
  }
}
