import { isRelease } from '../synthesis/context.ts';
import type { BehaviourShift } from './behaviour.ts';
import type { ChangeEvent } from './changes/index.ts';
import { failingWork, type Suspect } from './suspects.ts';

/** How long before a caller's first failure the release of the service it names may have begun. */
const LEAD_MS = 15 * 60_000;
/** Clock skew tolerated between the release's line and the caller's first failure. */
const SKEW_MS = 5_000;
const RELEASE_SCORE = 0.6;

/** A change of the service's own that could explain its failures (not a restart or a scaling step). */
function ownChange(change: ChangeEvent, service: string): boolean {
  return change.service === service && change.kind !== 'restart' && change.kind !== 'scale';
}

/**
 * A service released just before its callers began to fail on what they got from it: when a
 * caller that changed nothing of its own fails in lines naming a service by its full name, and that
 * service began a release (not one of a routine series) in the minutes before, the new version
 * answers differently (a changed contract, a broken payload, a slower path). It is the origin its
 * callers report, with the release as what set it off.
 */
export function findReleasedCallees(
  changes: readonly ChangeEvent[],
  suspects: ReadonlyMap<string, Suspect>,
): BehaviourShift[] {
  const found = new Map<string, BehaviourShift>();
  for (const caller of suspects.values()) {
    const began = failingWork(caller).first;
    if (!Number.isFinite(began)) continue;
    if (changes.some((c) => ownChange(c, caller.service) && c.at <= began && c.at >= began - LEAD_MS))
      continue;
    for (const [callee, weight] of caller.blames) {
      if (weight < 1) continue;
      const releases = changes.filter((c) => c.service === callee && isRelease(c));
      const release = releases
        .filter((c) => c.at >= began - LEAD_MS && c.at <= began + SKEW_MS)
        .sort((a, b) => a.at - b.at)[0];
      if (!release || releases.some((c) => c.at < release.at - LEAD_MS)) continue;
      const known = found.get(callee);
      const reporters = [...(known?.reportedBy ?? []), caller.service];
      found.set(callee, {
        service: callee,
        kind: 'release',
        score: RELEASE_SCORE,
        onset: release.at,
        detail: `${callee} began a release${release.version ? ` of version ${release.version}` : ''} ${Math.max(0, Math.round((began - release.at) / 1000))} s before ${reporters.join(', ')}, which changed nothing of their own, failed on what they got from it`,
        record: release.record,
        reportedBy: reporters,
      });
    }
  }
  return [...found.values()];
}
