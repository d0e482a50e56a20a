import type { BehaviourShift } from './behaviour.ts';
import { failingWork, type Suspect } from './suspects.ts';

/**
 * The AWS service a throttled call was made to, as the SDKs name it in their errors: Go v2's
 * "operation error KMS: GenerateDataKey", JavaScript v3's and Java v2's service exceptions
 * ("KMSThrottlingException", `software.amazon.awssdk.services.kms`).
 */
const SDK_SERVICE = /\boperation error (\w+): \w+|\bsoftware\.amazon\.awssdk\.services\.(\w+)\b/g;

/** How long before the first throttled failure the holder's calls may have begun to rise. */
const LEAD_MS = 15 * 60_000;
const RATE_HOLDER_SCORE = 0.6;

function throttled(s: Suspect): boolean {
  return s.anomalies.some((a) => a.pattern.signals.some((x) => x.faultClass === 'throttling'));
}

/** The AWS services the throttled lines of a suspect name, lower case. */
function servicesThrottling(s: Suspect): Set<string> {
  const names = new Set<string>();
  for (const a of s.anomalies) {
    if (!a.pattern.signals.some((x) => x.faultClass === 'throttling')) continue;
    for (const r of a.pattern.samples.slice(0, 3))
      for (const m of `${r.message}\n${r.exception ?? ''}`.slice(0, 4000).matchAll(SDK_SERVICE))
        names.add((m[1] ?? m[2] ?? '').toLowerCase());
  }
  names.delete('');
  return names;
}

/**
 * The client that took a rate an account shares (a KMS request quota, an API's account limit):
 * when services are throttled by one AWS service, and another service's routine lines that count
 * its calls to that service (`kms_calls=…`, `kms_throttle_retries=…`) rose or began shortly before
 * they began to fail, its new volume of calls holds the rate the others were refused. It is
 * the origin they report, of their class.
 */
export function findRateHolders(
  suspects: ReadonlyMap<string, Suspect>,
  shifts: readonly BehaviourShift[],
): BehaviourShift[] {
  const victims = [...suspects.values()].filter(throttled);
  if (victims.length === 0) return [];
  const refusedBy = new Set(victims.flatMap((v) => [...servicesThrottling(v)]));
  if (refusedBy.size === 0) return [];
  const firstRefused = Math.min(...victims.map((v) => failingWork(v).first));
  const found: BehaviourShift[] = [];
  for (const shift of shifts) {
    const counting = shift.kind === 'numeric-rise' || shift.kind === 'rate-shift';
    if (!counting || shift.onset === null || found.some((f) => f.service === shift.service)) continue;
    // The calls began with the first of the service's shifts (its counting line new, or its rate up),
    // though the number is read only from the incident window on.
    const began = Math.min(
      ...shifts.filter((s) => s.service === shift.service && s.onset !== null).map((s) => s.onset as number),
    );
    if (began > firstRefused || began < firstRefused - LEAD_MS) continue;
    const counted = [...refusedBy].find((api) => new RegExp(`\\b${api}[_.-]\\w+=`, 'i').test(shift.detail));
    if (!counted) continue;
    const others = victims.map((v) => v.service).filter((s) => s !== shift.service);
    if (others.length === 0) continue;
    found.push({
      service: shift.service,
      kind: 'load-holder',
      score: RATE_HOLDER_SCORE,
      onset: began,
      detail: `${shift.service}'s own count of its calls to ${counted.toUpperCase()} rose from ${Math.round((firstRefused - began) / 1000)} s before ${others.join(', ')} were throttled by ${counted.toUpperCase()} (${shift.detail})`,
      record: shift.record,
      reportedBy: others,
    });
  }
  return found;
}
