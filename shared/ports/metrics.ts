/** The analyzer's own health signals, each a count of one event. */
export const METRIC = {
  /** A step failed after its retries and record-failure published a degraded report. */
  degradedAnalysis: 'DegradedAnalysis',
  /** The model failed or none of its answer was usable: the offline report was published instead. */
  modelFallback: 'ModelFallback',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The dimension of DegradedAnalysis naming the step that failed (a StepName). */
export const FAILED_STEP_DIMENSION = 'FailedStep';
/** The dimension of ModelFallback naming the model that was asked. */
export const MODEL_ID_DIMENSION = 'ModelId';

/**
 * Records metrics (CloudWatch through Powertools in AWS, a file under `--home` locally). Each count
 * is kept in total and, when dimensions are given, also under them: alarms watch the total, the
 * dimensions say which.
 */
export interface MetricsRecorder {
  count(name: MetricName, dimensions?: Record<string, string>): void;
}
