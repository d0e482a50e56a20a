import { escapeRegExp } from '../../escape-regexp.ts';
import { isRecord } from '../../parse/text.ts';
import { mentionedServices } from '../mentions.ts';
import { type ChangeEvent, cloudTrailEvent, cloudTrailFields, cloudTrailParams } from './detect-change.ts';

export interface TriggerFinding {
  change: ChangeEvent;
  /** Seconds from the change to the root service's first anomaly. */
  leadSeconds: number;
  confidence: number;
  /** The value the change set that the origin's failing lines quote (the input it could not read). */
  setValue?: string;
}

/** A replica set scaled up, an HPA resizing because a metric is above its target (Kubernetes events). */
const SCALED_UP = /\bScaled up replica set\b|\bNew size: \d+; reason: .*\babove target\b/i;

/**
 * Whether a scaling action added instances: the count an ECS UpdateService call (CloudTrail) asked
 * for against the tasks then running, when the record says both (a count asked for alone may be
 * either way, and counts); or the Kubernetes controllers' own words for a scale-up.
 */
function scaledOut(change: ChangeEvent): boolean {
  const desired = cloudTrailParams(change.record).desiredCount;
  if (typeof desired === 'number') {
    const response = change.record.fields?.responseElements;
    const service = isRecord(response) && isRecord(response.service) ? response.service : {};
    return typeof service.runningCount !== 'number' || desired > service.runningCount;
  }
  return SCALED_UP.test(change.description);
}

/** How long before the first anomaly a change may still be its trigger. */
const MAX_LEAD_MINUTES = 30;
/**
 * ... and the origin's own change, when what ran out fills up over time (memory, a connection
 * pool, a disk): a leak released at one time exhausts its resource much later.
 */
const ACCUMULATING_LEAD_MINUTES = 90;
/** The lines of one change fall within this span of its first (a rollout's tasks starting one by one). */
const ROLLOUT_SPAN_MS = 10 * 60_000;
/** Clock skew tolerated between the change and the first anomaly (different emitters). */
const SKEW_SECONDS = 5;

/** What a trigger is looked for around: the origin, when its fault began, and the services beside it. */
export interface TriggerScope {
  rootService: string;
  firstAnomalyAt: number;
  baselineEnd: number;
  /** The origin's fault is a resource that fills up over time (a leak shows late). */
  accumulating?: boolean;
  /**
   * The origin's fault is a limit on how many clients it serves at once (connection slots): more
   * instances of a client, each with its own pool, reach it, so a scale-out can set it off.
   */
  countLimited?: boolean;
  /**
   * Services the origin's failing lines name, or whose failing lines name it: the producer whose
   * messages it cannot read, the caller whose new queries it cannot serve.
   */
  neighbours?: ReadonlySet<string>;
  /** The origin's fault is a request rate or quota refused (throttling): a change of a limit concerns it. */
  throttled?: boolean;
  /** The text of the origin's failing lines: a change to a resource they name (its ARN) concerns it. */
  failingText?: string;
  /** The text of all the origin's lines: a change to a resource they name (a table it writes to) concerns it. */
  ownText?: string;
  /** The Kubernetes namespaces the origin's pods run in: a policy applying to a whole one concerns it. */
  namespaces?: ReadonlySet<string>;
  /** The image versions the origin's lines say it ran, with when each was first seen. */
  versionsRun?: ReadonlyMap<string, number>;
  /**
   * The origin's part, when it is the only managed cache or database in play: a change to the
   * AWS service that runs it (a parameter group of ElastiCache) concerns it.
   */
  onlyOfKind?: 'cache' | 'database';
}

/**
 * The change that set the fault off: of the deploy, configuration and policy changes that precede
 * the root service's first anomaly, concern that service (or the whole account, for policies other
 * than one object's; a service its failing lines tie it to; a resource its lines name), and are not
 * a routine that repeats through the baseline, the root's own over one that only mentions it over a
 * neighbour's, the closest to the fault, and of equals the latest.
 */
export function inferTrigger(changes: ChangeEvent[], scope: TriggerScope): TriggerFinding | null {
  const {
    rootService,
    firstAnomalyAt,
    baselineEnd,
    accumulating = false,
    countLimited = false,
    throttled = false,
    neighbours = new Set(),
    failingText = '',
    ownText = '',
    namespaces = new Set(),
    versionsRun = new Map(),
    onlyOfKind,
  } = scope;
  // Distinct changes of each kind and service before the incident window, counted once (not per
  // candidate). One rollout logs a line per task or replica, and its platform event besides: its
  // lines are one change (`episodes`).
  const times = new Map<string, number[]>();
  const routineKey = (c: ChangeEvent) => `${c.kind}\u0000${c.service}`;
  for (const c of changes) {
    if (c.at >= baselineEnd) continue;
    const list = times.get(routineKey(c)) ?? [];
    list.push(c.at);
    times.set(routineKey(c), list);
  }
  const beforeIncident = new Map([...times].map(([key, list]) => [key, episodes(list)]));
  // The changed services the origin's own lines name, read once for all their changes.
  const used = new Set(
    ownText === ''
      ? []
      : [...new Set(changes.map((c) => c.service))].filter(
          (service) => mentionedServices(ownText, [service], rootService).length > 0,
        ),
  );
  let best: TriggerFinding | null = null;
  for (const change of changes) {
    // A restart is what a fault does, unless something decided on it (a consolidation's eviction).
    if (change.kind === 'restart' && !change.planned) continue;
    // A scaling action follows load more often than it causes a fault, except the scale-out of a
    // client of a server that counts its clients.
    if (change.kind === 'scale' && !(countLimited && scaledOut(change))) continue;
    const leadSeconds = (firstAnomalyAt - change.at) / 1000;
    // A change that acts later (a capacity schedule) counts from when it reached the service.
    const effectSeconds = change.seenAs ? (firstAnomalyAt - change.seenAs.at) / 1000 : leadSeconds;
    const maxLead =
      accumulating && change.service === rootService ? ACCUMULATING_LEAD_MINUTES : MAX_LEAD_MINUTES;
    if (leadSeconds < (change.startOnly ? 0 : -SKEW_SECONDS) || effectSeconds > maxLead * 60) continue;
    const own = change.service === rootService;
    const setValue = valueQuoted(change, failingText);
    // A change to the AWS service that runs the only cache (or database) in play is that one's.
    const ofKind = !own && onlyOfKind !== undefined && runsKind(change) === onlyOfKind;
    const mentions =
      setValue !== undefined ||
      ofKind ||
      (change.kind === 'policy' && !change.target) ||
      (change.target?.wholeNamespace === true && namespaces.has(change.target.namespace ?? '')) ||
      change.description.toLowerCase().includes(rootService.toLowerCase()) ||
      setsResourceNamed(change, failingText) ||
      (throttled && setsLimit(change)) ||
      setsRefusedLogin(change, failingText);
    if (!own && !mentions && !neighbours.has(change.service) && !used.has(change.service)) continue;
    if ((beforeIncident.get(routineKey(change)) ?? 0) >= 2) continue;
    if (change.startOnly && (alreadyRunning(change, changes, versionsRun) || newCapacity(change, changes)))
      continue;
    const closeness = Math.exp(-Math.max(0, effectSeconds) / 600);
    const confidence = round2(0.35 + 0.35 * closeness + (own ? 0.2 : mentions ? 0.05 : 0));
    // The most telling change: the service's own and close before the fault; of equals, the latest.
    if (
      !best ||
      confidence > best.confidence ||
      (confidence === best.confidence && change.at > best.change.at)
    )
      best = {
        change: ofKind ? { ...change, service: rootService } : change,
        leadSeconds: Math.max(0, leadSeconds),
        confidence,
        ...(setValue ? { setValue } : {}),
      };
  }
  return best ? fromRolloutStart(best, changes) : null;
}

/** The part the AWS services that run managed caches and databases play, by CloudTrail event source. */
const KIND_OF_SOURCE: Readonly<Record<string, 'cache' | 'database'>> = {
  'elasticache.amazonaws.com': 'cache',
  'memorydb.amazonaws.com': 'cache',
  'rds.amazonaws.com': 'database',
};

/** The kind of resource the AWS service a CloudTrail change was made to runs, if a cache or database. */
function runsKind(change: ChangeEvent): 'cache' | 'database' | undefined {
  const source = cloudTrailFields(change.record)?.eventSource;
  return typeof source === 'string' ? KIND_OF_SOURCE[source] : undefined;
}

const ARN = /\barn:aws[\w-]*:[\w-]+:[\w-]*:\d{0,12}:[\w\-/:.+=@]+/g;

/**
 * Whether a text holds a name (a value, a login) as a whole: not inside a longer identifier, whose
 * parts `.`, `-` and `_` join.
 */
function containsName(text: string, name: string): boolean {
  return new RegExp(`(?:^|[^\\w.-])${escapeRegExp(name)}(?:$|[^\\w-])`).test(text);
}

/** The fields a configuration record gives its new value in (a flag service's audit event, a settings change). */
const NEW_VALUE_KEYS = ['new', 'newValue', 'new_value', 'value', 'to', 'after'];

/** A value quoted in a failing line: in double or single quotes. */
const QUOTED_INPUT = /"([^"\n]{1,80})"|'([^'\n]{1,80})'/g;
const SWITCH_WORD = /^(?:true|false|on|off|enabled|disabled|yes|no|null|none|nil|undefined)$/i;

/**
 * The value a configuration change set that the failing lines quote, if any: a word-like value of
 * at least four characters (not a number or a switch) from the record's new-value field that
 * appears in them as a whole word (`unknown provider "strpie"` after a flag was set to "strpie");
 * or any input the failing lines quote in quotes (a parser's `For input string: "0,5"`) that the
 * change's own line sets (`value=0,5`).
 */
function valueQuoted(change: ChangeEvent, failingText: string): string | undefined {
  if (change.kind !== 'config' || failingText === '') return undefined;
  const fields = change.record?.fields;
  for (const key of fields ? NEW_VALUE_KEYS : []) {
    const value = fields?.[key];
    if (typeof value !== 'string' || value.length < 4 || value.length > 120) continue;
    if (!/[a-z]/i.test(value) || SWITCH_WORD.test(value)) continue;
    if (containsName(failingText, value)) return value;
  }
  const set = change.description;
  for (const m of failingText.slice(0, 4000).matchAll(QUOTED_INPUT)) {
    const value = m[1] ?? m[2] ?? '';
    if (value.trim().length < 2 || SWITCH_WORD.test(value)) continue;
    if (new RegExp(`[=:]\\s*["']?${escapeRegExp(value)}(?:["']|[,;)\\]}\\s]|$)`).test(set)) return value;
  }
  return undefined;
}

/** The database login a refusal names (MySQL 1045 "Access denied for user 'u'@…", PostgreSQL 28P01 "… for user \"u\""). */
const REFUSED_LOGIN = /\b(?:Access denied|password authentication failed) for user ['"]?([\w.-]{3,64})/gi;

/**
 * Whether a configuration change set the credentials of a login the failing lines say was refused
 * (a rotated secret's new password for that user): its description names the user.
 */
/**
 * Calls that set how many requests a resource takes (CloudTrail event names): an API Gateway usage
 * plan's throttle and quota, a Lambda function's reserved concurrency.
 */
const LIMIT_CALLS: ReadonlySet<string> = new Set(['UpdateUsagePlan', 'PutFunctionConcurrency']);

function setsLimit(change: ChangeEvent): boolean {
  return LIMIT_CALLS.has(cloudTrailEvent(change.record) ?? '');
}

function setsRefusedLogin(change: ChangeEvent, failingText: string): boolean {
  if (change.kind !== 'config' || failingText === '') return false;
  const text = change.description.toLowerCase();
  for (const m of failingText.matchAll(REFUSED_LOGIN)) {
    if (containsName(text, (m[1] ?? '').toLowerCase())) return true;
  }
  return false;
}

/**
 * Whether a control-plane call set a resource the failing lines name by its ARN (a bucket's
 * default encryption set to the KMS key the service is then refused): only the call's parameters
 * count, not who made it.
 */
function setsResourceNamed(change: ChangeEvent, failingText: string): boolean {
  if (failingText === '') return false;
  const params = JSON.stringify(cloudTrailParams(change.record)).slice(0, 8000);
  for (const m of params.matchAll(ARN)) if (failingText.includes(m[0])) return true;
  return false;
}

/**
 * A rollout logs a line per step (each replica set scaled, each task started): the trigger is the
 * change as it began, the first step of its kind and service in the span before the one chosen,
 * with the version any of its steps names. A process that announces its own start began when the
 * platform started its task on a revision (an ECS task RUNNING), which is that same start.
 */
function fromRolloutStart(found: TriggerFinding, changes: readonly ChangeEvent[]): TriggerFinding {
  const chosen = found.change;
  const sameStart = (c: ChangeEvent) =>
    chosen.startOnly === true && c.kind === 'restart' && c.version !== undefined;
  const steps = changes.filter(
    (c) =>
      (c.kind === chosen.kind || sameStart(c)) &&
      c.service === chosen.service &&
      c.at <= chosen.at &&
      chosen.at - c.at <= ROLLOUT_SPAN_MS,
  );
  const first = steps.reduce((a, b) => (b.at < a.at ? b : a), chosen);
  if (first === chosen) return found;
  const version = chosen.version ?? first.version ?? steps.find((c) => c.version)?.version;
  // The platform's record of the start stands for the change the process announced.
  const kept = first.kind === chosen.kind ? first : { ...first, kind: chosen.kind, startOnly: true as const };
  const change = version ? { ...kept, version } : kept;
  return { ...found, change, leadSeconds: found.leadSeconds + (chosen.at - first.at) / 1000 };
}

/**
 * A process starting with a version that an earlier start, outside this one's rollout, already
 * ran, or that the service's lines said they ran before it: a restart or another replica, not a
 * release.
 */
function alreadyRunning(
  start: ChangeEvent,
  changes: readonly ChangeEvent[],
  versionsRun: ReadonlyMap<string, number>,
): boolean {
  const seen = start.version === undefined ? undefined : versionsRun.get(start.version);
  if (seen !== undefined && seen < start.at - ROLLOUT_SPAN_MS) return true;
  return changes.some(
    (c) => c.service === start.service && c.version === start.version && c.at < start.at - ROLLOUT_SPAN_MS,
  );
}

/**
 * An autoscaler's action (Kubernetes HPA "New size: N; reason: …", Application Auto Scaling and EC2
 * Auto Scaling activities): not a rollout's replica sets, which scale too when a release goes out.
 */
const AUTOSCALER = /\bNew size: \d+|autoscal/i;

/**
 * A process starting shortly after its service was scaled out (an autoscaler's action), with no
 * release announced beside it: new capacity coming up, not a release.
 */
function newCapacity(start: ChangeEvent, changes: readonly ChangeEvent[]): boolean {
  const near = (c: ChangeEvent) =>
    c.service === start.service && Math.abs(start.at - c.at) <= ROLLOUT_SPAN_MS;
  return (
    changes.some(
      (c) => near(c) && c.kind === 'scale' && c.at <= start.at && AUTOSCALER.test(c.description),
    ) && !changes.some((c) => near(c) && c.kind === 'deploy' && !c.startOnly)
  );
}

/**
 * How many separate episodes the times make: an episode takes every change within ROLLOUT_SPAN_MS
 * of its first, so a rollout's burst is one and a routine that repeats through the baseline many.
 */
function episodes(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let count = 0;
  let opened = Number.NEGATIVE_INFINITY;
  for (const t of sorted) {
    if (t - opened < ROLLOUT_SPAN_MS) continue;
    count++;
    opened = t;
  }
  return count;
}

function round2(x: number): number {
  return Math.round(Math.min(0.95, x) * 100) / 100;
}
