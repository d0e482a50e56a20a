/** The analyzer's own health signals, each a count of one event (the stack's alarms watch them). */
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
