import type { HandlerMethodDecorator, LambdaInterface } from '@aws-lambda-powertools/commons/types';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';

/**
 * Powertools for every function: one logger, tracer and metrics set per execution environment.
 * The service name and metrics namespace come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_METRICS_NAMESPACE (set by the stack); the defaults serve tests and local runs.
 */
export const logger = new Logger({ serviceName: 'incidentiq' });
export const tracer = new Tracer({ serviceName: 'incidentiq' });
export const metrics = new Metrics({ namespace: 'IncidentIQ', serviceName: 'incidentiq' });

export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * The handler with Powertools' own handler decorators, applied as `@logger.injectLambdaContext()`,
 * `@tracer.captureLambdaHandler()` and `@metrics.logMetrics()` stacked on a class method would
 * apply them (Powertools' decorators are legacy method decorators; the project compiles none):
 * every log line carries the request id and the cold-start flag, and the temporary keys (the
 * correlation id = the incident id, which the handler sets) are reset after the invocation; the
 * invocation is an X-Ray subsegment annotated with ColdStart and the service; the stored metrics
 * are flushed and a ColdStart metric is published on a cold start.
 */
export function instrumented<E, R>(handler: LambdaHandler<E, R>): LambdaHandler<E, R> {
  const decorators: HandlerMethodDecorator[] = [
    logger.injectLambdaContext({ resetKeys: true }),
    tracer.captureLambdaHandler(),
    metrics.logMetrics({ captureColdStartMetric: true }),
  ];
  const target: LambdaInterface = { handler };
  const descriptor: TypedPropertyDescriptor<LambdaInterface['handler']> = { value: handler };
  // Stacked decorators apply bottom-up: the logger's is the outermost.
  for (const decorate of [...decorators].reverse()) {
    decorate(target, 'handler', descriptor as Parameters<HandlerMethodDecorator>[2]);
  }
  return descriptor.value as unknown as LambdaHandler<E, R>;
}
