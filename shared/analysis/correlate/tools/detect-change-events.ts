import type { FaultClass } from '../../../domain/fault-class.ts';
import type { Windows } from '../../window.ts';
import { isFailingWork } from '../anomalies.ts';
import { anomalyOnset } from '../anomaly-onset.ts';
import { shiftOf } from '../behaviour.ts';
import { inferActivity, inferTrigger, type TriggerFinding } from '../changes/index.ts';
import { iso } from '../iso.ts';
import { ownLines, ownNamespaces, ownVersions } from '../own-lines.ts';
import { originOf } from '../reading.ts';
import { STARTING, shiftStart } from '../shift-start.ts';
import { type Suspect, sampleText } from '../suspects.ts';
import type { CorrelationTool } from './correlation-tool.ts';

/**
 * The deploy, configuration or policy change that set the origin's fault off, if one precedes it;
 * failing that, an activity that began just before it (a batch run, a rebuild).
 */
export const detectChangeEvents: CorrelationTool<TriggerFinding | null> = {
  name: 'detect_change_events',
  description:
    'Finds the latest deploy, configuration or policy change that concerns the origin (its own, one naming it, or one of a service its failing lines are tied to) and shortly precedes its first anomaly (its trigger); failing that, the lock-taking statement of an origin that held what others waited on, or an activity never seen in the history that began just before it.',
  parameters: (reading) => ({
    changes: reading.collected.changes.length,
    rootService: originOf(reading).root.service,
  }),
  run: (reading) => {
    const { root, fromLogs } = originOf(reading);
    const { patterns, services } = reading.collected;
    // The services tied to the origin: those its failing lines name, those whose failing lines
    // name it, and those whose lines report its fault (the clients a resource at its limit refused).
    const reporters = new Set(reading.fused?.reportedBy.get(root.service) ?? []);
    const neighbours = new Set([...root.blames.keys(), ...root.blamedBy.keys(), ...reporters]);
    // A load holder's fault began with its first slow statement, a neighbour's with its task's
    // start, whatever their own lines say later.
    const began =
      shiftOf(root.service, reading.shifts, STARTING)?.onset ??
      (fromLogs
        ? faultBegan(root, reading.windows)
        : shownBy(root, reporters, reading.suspects, reading.windows));
    return (
      inferTrigger(reading.changes, {
        rootService: root.service,
        firstAnomalyAt: began,
        baselineEnd: reading.windows.baselineEnd,
        accumulating: ranOut(root),
        countLimited: saysClass(root, new Set(['connection_pool_exhaustion'])),
        throttled: saysClass(root, new Set(['throttling'])),
        neighbours,
        // What the origin's failing lines say (where an ARN is often named).
        failingText: sampleText(root.anomalies.filter(isFailingWork)),
        ownText: ownLines(reading.collected, root.service),
        namespaces: ownNamespaces(reading.collected, root.service),
        versionsRun: ownVersions(reading.collected, root.service),
        ...onlyOfKind(root, reading.suspects),
      }) ??
      shiftStart(root.service, reading.shifts, ['lock-holder']) ??
      inferActivity(patterns, services, root.service, began, reporters) ??
      shiftStart(root.service, reading.shifts)
    );
  },
  summarize: (t, reading) =>
    t
      ? `${t.change.kind} of ${t.change.service} at ${iso(t.change.at)} ("${t.change.description.slice(0, 200)}"), ${Math.round(t.leadSeconds)} s before the first anomaly`
      : `${reading.collected.changes.length} change event(s), none precedes ${originOf(reading).root.service}'s first anomaly`,
  isEmpty: (t) => t === null,
  keep(reading, trigger) {
    reading.trigger = trigger ?? null;
    return 'continue';
  },
};

/** The origin's part when it is the only managed cache or database among the suspects. */
function onlyOfKind(
  root: Suspect,
  suspects: ReadonlyMap<string, Suspect>,
): { onlyOfKind?: 'cache' | 'database' } {
  const role = root.role;
  if (role !== 'cache' && role !== 'database') return {};
  return [...suspects.values()].some((s) => s !== root && s.role === role) ? {} : { onlyOfKind: role };
}

/**
 * When the origin's fault began: its first failing work (an error-severity line, or one with a fault
 * signal), not a warning of no fault meaning that was already there; its first anomaly without any.
 */
function faultBegan(root: Suspect, windows: Windows): number {
  const failing = root.anomalies.filter(isFailingWork).map((a) => anomalyOnset(a, windows).at);
  return failing.length > 0 ? Math.min(...failing) : root.firstAt;
}

/** A metric's datapoint covers a minute: what it shows began within it. */
const DATAPOINT_MS = 60_000;

/**
 * When the fault of an origin that writes no lines of its own began: within the minute its
 * metrics first moved, and no later than the first failing line of a service reporting it.
 */
function shownBy(
  root: Suspect,
  reporters: ReadonlySet<string>,
  suspects: ReadonlyMap<string, Suspect>,
  windows: Windows,
): number {
  const reported = [...reporters].map((s) => suspects.get(s)).filter((s) => s !== undefined);
  return Math.min(root.firstAt + DATAPOINT_MS, ...reported.map((s) => faultBegan(s, windows)));
}

/** Resources that fill up over time: a release that leaks them shows only when they run out. */
const ACCUMULATING: ReadonlySet<FaultClass> = new Set([
  'memory_exhaustion',
  'connection_pool_exhaustion',
  'disk_full',
]);

/** Whether the origin's lines (or the exceptions in them) say a resource that fills up over time ran out. */
function ranOut(root: Suspect): boolean {
  return saysClass(root, ACCUMULATING);
}

/** Whether the origin's lines carry a signal of one of the classes. */
function saysClass(root: Suspect, classes: ReadonlySet<FaultClass>): boolean {
  return root.anomalies.some((a) => a.pattern.signals.some((s) => classes.has(s.faultClass)));
}
