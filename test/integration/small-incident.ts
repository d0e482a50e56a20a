import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small incident of our own: a service's healthy hour, then a new error that fires an alarm. */
export interface SmallIncident {
  /** The alarm's name (different names give different incident ids). */
  alarmName: string;
  /** The service that starts failing. */
  service: string;
  /** The alarm time, ISO-8601 UTC. */
  at: string;
  /** The new error line (the same text is logged every 20 s from 10 minutes before the alarm). */
  error: string;
}

const MINUTE = 60_000;

/** Writes `alarm.json` and `logs.jsonl` of the incident under `dir`; returns `dir`. */
export function writeSmallIncident(dir: string, incident: SmallIncident): string {
  mkdirSync(dir, { recursive: true });
  const alarmAt = Date.parse(incident.at);
  const iso = (time: number) => new Date(time).toISOString();
  const alarm = {
    version: '0',
    id: `${incident.alarmName}-event`,
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '210987654321',
    time: iso(alarmAt),
    region: 'us-west-2',
    resources: [`arn:aws:cloudwatch:us-west-2:210987654321:alarm:${incident.alarmName}`],
    detail: {
      alarmName: incident.alarmName,
      configuration: {
        description: `${incident.service} errors`,
        metrics: [
          {
            id: 'm1',
            metricStat: {
              metric: { namespace: 'Shop', name: 'Errors', dimensions: { Service: incident.service } },
              period: 60,
              stat: 'Sum',
            },
            returnData: true,
          },
        ],
      },
      previousState: { reason: 'below threshold', timestamp: iso(alarmAt - 60 * MINUTE), value: 'OK' },
      state: { reason: 'Threshold Crossed: errors above 10', timestamp: iso(alarmAt), value: 'ALARM' },
    },
  };
  const lines: string[] = [];
  const log = (time: number, level: string, msg: string) =>
    lines.push(
      JSON.stringify({
        logGroup: `/shop/${incident.service}`,
        logStream: `${incident.service}/pod-1`,
        timestamp: time,
        message: JSON.stringify({ time: iso(time), level, service: incident.service, msg }),
      }),
    );
  for (let t = alarmAt - 60 * MINUTE; t < alarmAt + 5 * MINUTE; t += 30_000) {
    log(t, 'info', `request served in ${(t / 1000) % 97} ms`);
  }
  for (let t = alarmAt - 10 * MINUTE; t < alarmAt + 2 * MINUTE; t += 20_000) {
    log(t + 1, 'error', incident.error);
  }
  lines.sort(
    (a, b) =>
      (JSON.parse(a) as { timestamp: number }).timestamp - (JSON.parse(b) as { timestamp: number }).timestamp,
  );
  writeFileSync(join(dir, 'alarm.json'), JSON.stringify(alarm, null, 2));
  writeFileSync(join(dir, 'logs.jsonl'), `${lines.join('\n')}\n`);
  return dir;
}
