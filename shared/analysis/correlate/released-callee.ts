import { escapeRegExp } from '../escape-regexp.ts';
import { withoutMarkers } from '../redact/kinds.ts';
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

/** The text of a suspect's failing lines (their first samples and exceptions), where it names what it read from. */
function failingText(s: Suspect): string {
  const text = s.anomalies
    .filter((a) => a.isNew || a.pattern.errorLike)
    .flatMap((a) => a.pattern.samples.slice(0, 3))
    .map((r) => `${r.message}\n${r.exception ?? ''}`)
    .join('\n');
  return withoutMarkers(text).slice(0, 20_000);
}

/** Whether a text names a resource: its name whole, not inside a longer word (a partition suffix `-2` may follow). */
function namesResource(text: string, name: string): boolean {
  return new RegExp(`(?:^|[^\\w.-])${escapeRegExp(name)}(?:$|[^\\w])`).test(text);
}

/**
 * A service released just before its callers began to fail on what they got from it: when a
 * caller that changed nothing of its own fails in lines naming a service by its full name, or
 * naming a resource that service's own lines say it writes to (a topic, a queue: its consumers
 * name the topic, not the producer), and that service began a release (not one of a routine
 * series) in the minutes before, the new version answers differently (a changed contract, a broken
 * payload, a slower path). It is the origin its callers report, with the release as what set it off.
 */
export function findReleasedCallees(
  changes: readonly ChangeEvent[],
  suspects: ReadonlyMap<string, Suspect>,
  resourcesOf: (service: string) => ReadonlySet<string> = () => new Set(),
): BehaviourShift[] {
  const found = new Map<string, BehaviourShift>();
  const released = [...new Set(changes.filter(isRelease).map((c) => c.service))];
  for (const caller of suspects.values()) {
    const began = failingWork(caller).first;
    if (!Number.isFinite(began)) continue;
    if (changes.some((c) => ownChange(c, caller.service) && c.at <= began && c.at >= began - LEAD_MS))
      continue;
    const failing = failingText(caller);
    const producers = released.filter(
      (s) => s !== caller.service && [...resourcesOf(s)].some((name) => namesResource(failing, name)),
    );
    const named = [...caller.blames].filter(([, weight]) => weight >= 1).map(([callee]) => callee);
    for (const callee of new Set([...named, ...producers])) {
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
        detail: `${callee} began a release${release.version ? ` of version ${release.version}` : ''} ${Math.max(0, Math.round((began - release.at) / 1000))} s before ${reporters.join(', ')}, which changed nothing of their own, failed on what they got from it${producers.includes(callee) && !named.includes(callee) ? ' (through what its lines say it writes to and theirs name)' : ''}`,
        record: release.record,
        reportedBy: reporters,
      });
    }
  }
  return [...found.values()];
}
