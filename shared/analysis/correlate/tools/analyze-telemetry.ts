import { analyzeTelemetry as analyze } from '../../telemetry/analyze-telemetry.ts';
import type { TelemetryFindings } from '../../telemetry/types.ts';
import { analyzeTelemetryRecord, telemetryRead } from './analyze-telemetry-record.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/** What the metrics and traces show moved, anchored on the alarm's own metric. */
export const analyzeTelemetry: CorrelationTool<TelemetryFindings> = {
  ...analyzeTelemetryRecord,
  run: (reading) => {
    const { alarm, windows, collected } = reading;
    return analyze(telemetryRead(reading), {
      windows,
      alarmMetric: alarm.metrics,
      logServices: [...collected.services.keys()],
      ...(alarm.reason !== undefined ? { alarmReason: alarm.reason } : {}),
      ...(alarm.expressions.length > 0 ? { alarmExpressions: alarm.expressions } : {}),
      ...(alarm.threshold !== undefined ? { alarmThreshold: alarm.threshold } : {}),
    });
  },
};
