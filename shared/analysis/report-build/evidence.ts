import type { LogRecord } from '../../domain/log-event.ts';
import { quotableText } from '../collect/quotable-text.ts';
import type { Anomaly } from '../correlate/anomalies.ts';
import type { Findings } from '../correlate/findings.ts';

export type EvidenceLine = {
  at: string;
  logGroup: string;
  service: string;
  level: LogRecord['level'];
  text: string;
};

export type EvidencePattern = {
  template: string;
  count: number;
  baselineCount: number;
  services: string[];
  level: LogRecord['level'];
  status: 'new' | 'spiking' | 'noise';
};

const MAX_LINES = 20;
const MAX_PATTERNS = 25;

export function toEvidenceLine(record: LogRecord): EvidenceLine {
  return {
    at: new Date(record.at).toISOString(),
    logGroup: record.logGroup,
    service: record.service,
    level: record.level,
    text: quotableText(record),
  };
}

/**
 * The raw lines a reader needs to check the conclusion: patient zero, the trigger, then the first
 * line of each anomalous pattern (root service first), each quoted verbatim.
 */
export function selectEvidenceLines(f: Findings): EvidenceLine[] {
  const picked: LogRecord[] = [];
  const add = (r: LogRecord | undefined | null) => {
    if (r && !picked.includes(r) && picked.length < MAX_LINES) picked.push(r);
  };
  add(f.patientZero);
  add(f.trigger?.change.record);
  add(f.trigger?.change.seenAs);
  const rootFirst = [...f.anomalies.anomalies].sort(
    (a, b) =>
      Number(b.pattern.service === f.root?.service) - Number(a.pattern.service === f.root?.service) ||
      a.pattern.firstIncidentAt - b.pattern.firstIncidentAt,
  );
  for (const a of rootFirst) add(a.pattern.samples[0]);
  return picked.sort((a, b) => a.at - b.at).map(toEvidenceLine);
}

export function selectEvidencePatterns(f: Findings): EvidencePattern[] {
  const fromAnomaly = (a: Anomaly): EvidencePattern => ({
    template: a.pattern.template,
    count: a.pattern.incidentCount,
    baselineCount: a.pattern.baselineCount,
    services: [a.pattern.service],
    level: a.pattern.level,
    status: a.isNew ? 'new' : 'spiking',
  });
  const anomalies = f.anomalies.anomalies.map(fromAnomaly);
  const noise = [...f.anomalies.noise]
    .sort((a, b) => b.incidentCount - a.incidentCount)
    .map(
      (p): EvidencePattern => ({
        template: p.template,
        count: p.incidentCount,
        baselineCount: p.baselineCount,
        services: [p.service],
        level: p.level,
        status: 'noise',
      }),
    );
  return [...anomalies, ...noise].slice(0, MAX_PATTERNS);
}
