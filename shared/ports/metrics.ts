import type { MetricName } from '../deployment/metric-names.ts';

/**
 * Records metrics (CloudWatch through Powertools in AWS, a file under `--home` locally). Each count
 * is kept in total and, when dimensions are given, also under them: alarms watch the total, the
 * dimensions say which. The names are the deployment contract's METRIC.
 */
export interface MetricsRecorder {
  count(name: MetricName, dimensions?: Record<string, string>): void;
}
