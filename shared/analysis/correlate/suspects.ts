import type { LogRecord } from '../../domain/log-event.ts';
import type { ServiceRole } from '../../domain/service-role.ts';
import type { Collected, PatternStat } from '../collect/index.ts';
import { isPostgresFollower } from '../parse/styles/postgres.ts';
import { levelWeight } from '../signals/classify-line.ts';
import { type Anomaly, isFailingWork } from './anomalies.ts';
import { servicesNamedBy } from './callee-names.ts';
import { inferRole } from './roles.ts';

/** What the incident window shows of one service whose behaviour changed. */
export interface Suspect {
  service: string;
  role: ServiceRole;
  anomalies: Anomaly[];
  firstAt: number;
  /** The earliest anomalous record, ties broken by severity and the strength of its own fault signal. */
  first: LogRecord;
  /** Strongest own-fault signal x level weight over its anomalies (0..1). */
  ownSignal: number;
  anomalousLines: number;
  /** Services its anomalous lines name (it reports their failure), with weights. */
  blames: Map<string, number>;
  /** Services whose anomalous lines name it. */
  blamedBy: Map<string, number>;
}

/** A suspect first seen in `first`, before any of its anomalies is counted. */
export function newSuspect(service: string, role: ServiceRole, first: LogRecord): Suspect {
  return {
    service,
    role,
    anomalies: [],
    firstAt: first.at,
    first,
    ownSignal: 0,
    anomalousLines: 0,
    blames: new Map(),
    blamedBy: new Map(),
  };
}

function ownStrength(a: Anomaly): number {
  const own = a.pattern.signals.filter((s) => s.own).reduce((m, s) => Math.max(m, s.strength), 0);
  return own * levelWeight(a.pattern.level);
}

/** Groups the anomalies by service and links services whose error lines name each other. */
export function buildSuspects(anomalies: Anomaly[], collected: Collected): Map<string, Suspect> {
  const suspects = new Map<string, Suspect>();
  const known = [...collected.services.keys()];
  for (const a of anomalies) {
    const p = a.pattern;
    const first = p.samples[0];
    // CloudTrail's account of a refused call reports on the caller, which says so in its own lines:
    // the audit trail is no service of the system, and never a suspect.
    if (!first || first.style === 'cloudtrail') continue;
    let s = suspects.get(p.service);
    if (!s) {
      const stat = collected.services.get(p.service);
      const styles = collected.patterns
        .filter((q) => q.service === p.service)
        .flatMap((q) => q.samples.filter(writtenByItself).map((r) => r.style));
      s = newSuspect(p.service, inferRole(p.service, stat?.logGroups ?? [], styles), first);
      suspects.set(p.service, s);
    }
    s.anomalies.push(a);
    s.anomalousLines += p.incidentCount;
    s.ownSignal = Math.max(s.ownSignal, ownStrength(a));
    if (first.at < s.firstAt || (first.at === s.firstAt && outranks(a, s))) {
      s.firstAt = first.at;
      s.first = first;
    }
    // A PostgreSQL STATEMENT or DETAIL line quotes SQL: its table names are not services it blames.
    if (isPostgresFollower(first)) continue;
    for (const m of servicesNamedBy(first, known, p.service)) {
      s.blames.set(m.service, Math.max(s.blames.get(m.service) ?? 0, m.weight));
    }
  }
  linkEchoes(suspects);
  linkOwnedFaults(suspects);
  linkUnnamedKills(suspects, collected.patterns);
  for (const s of suspects.values()) {
    for (const [target, weight] of s.blames) {
      const t = suspects.get(target);
      if (t) t.blamedBy.set(s.service, weight);
    }
  }
  return suspects;
}

/** Shorter error texts are too common to tie a client's line to one server's. */
const ECHO_MIN_CHARS = 24;
/** An echo this soon after the service's first anomalous line is part of its first failure. */
const ECHO_FIRST_MS = 60_000;

/**
 * A client library raises the server's own error in the server's words (libpq and psycopg pass
 * PostgreSQL's message through, JDBC's PSQLException and the Redis clients do the same): a
 * service whose failing line or exception repeats another suspect's own error line word for word
 * reports that suspect's failure, as if it had named it.
 */
function linkEchoes(suspects: Map<string, Suspect>): void {
  const said = [...suspects.values()].map((t) => ({
    service: t.service,
    texts: t.anomalies
      .map((a) => a.pattern.samples[0]?.message ?? '')
      .filter((text) => text.length >= ECHO_MIN_CHARS),
  }));
  for (const s of suspects.values()) {
    // Only what the service failed with first: an echo that comes after failures of its own
    // (its pool ran dry, then the server refused it too) does not explain them.
    const heard = s.anomalies
      .map((a) => a.pattern.samples[0])
      .filter((r) => r !== undefined && r.at - s.firstAt <= ECHO_FIRST_MS)
      .map((r) => `${r?.message ?? ''}\n${r?.exception ?? ''}`)
      .join('\n');
    for (const t of said) {
      if (t.service === s.service || !t.texts.some((text) => heard.includes(text))) continue;
      s.blames.set(t.service, 1);
    }
  }
}

/** A signal this specific says a fault plainly enough to tie a report of it to the one who has it. */
const OWNED_FAULT_STRENGTH = 0.8;

/**
 * A service whose failing lines report a fault that is not its own (a client told the search
 * cluster's disk is full, a caller refused a connection) reports the one other suspect whose own
 * lines state that fault as theirs, as if it had named it. Two or more such suspects leave it
 * unlinked: the report does not say which; so does a service that states a fault of its own as
 * plainly (a transaction rolled back in a deadlock it took part in).
 */
function linkOwnedFaults(suspects: Map<string, Suspect>): void {
  const owners = new Map<string, Set<string>>();
  for (const t of suspects.values())
    for (const a of t.anomalies)
      for (const s of a.pattern.signals)
        if (s.own && s.strength >= OWNED_FAULT_STRENGTH) {
          const set = owners.get(s.faultClass) ?? new Set<string>();
          set.add(t.service);
          owners.set(s.faultClass, set);
        }
  for (const s of suspects.values()) {
    // A service that states a fault of its own as plainly has its own story to tell.
    if (s.ownSignal >= OWNED_FAULT_STRENGTH) continue;
    for (const a of s.anomalies)
      for (const signal of a.pattern.signals) {
        if (signal.own || signal.strength < OWNED_FAULT_STRENGTH) continue;
        const others = [...(owners.get(signal.faultClass) ?? [])].filter((o) => o !== s.service);
        const [owner] = others;
        if (owner !== undefined && others.length === 1 && !s.blames.has(owner)) s.blames.set(owner, 1);
      }
  }
}

/** The kernel's OOM killer, as a node's event forwards it (mm/oom_kill.c "Killed process N (comm)"). */
const KERNEL_KILL = /\bKilled process \d+ \(/;
/** The kubelet's events of a container started (again) or backing off before it is (event reasons Started, BackOff). */
const RESTART_REASONS: ReadonlySet<unknown> = new Set(['Started', 'BackOff']);
/** How soon after the kill the kubelet reports the container it restarts. */
const RESTART_AFTER_MS = 120_000;

/**
 * A node's OOM-kill event whose process names no service (a runtime's launcher: `java`, `node`)
 * stays the node's; the kubelet then restarts the container it killed. When the pods of exactly
 * one workload are reported restarting within minutes after each such kill, the node's events
 * report that workload's fault, as if they had named it.
 */
function linkUnnamedKills(suspects: Map<string, Suspect>, patterns: readonly PatternStat[]): void {
  const restarts = new Map<string, number[]>();
  for (const p of patterns) {
    if (p.firstRecord?.style !== 'k8s-event' || !RESTART_REASONS.has(p.firstRecord.fields?.reason)) continue;
    const times = [...p.samples, ...p.bucketSamples.values()].map((r) => r.at);
    restarts.set(p.service, [...(restarts.get(p.service) ?? []), ...times]);
  }
  for (const s of suspects.values()) {
    const kills = s.anomalies.flatMap((a) =>
      a.pattern.samples
        .filter((r) => r.style === 'k8s-event' && KERNEL_KILL.test(r.message))
        .map((r) => r.at),
    );
    if (kills.length === 0) continue;
    const after = [...restarts]
      .filter(
        ([service, times]) =>
          service !== s.service && kills.every((k) => times.some((t) => t >= k && t - k <= RESTART_AFTER_MS)),
      )
      .map(([service]) => service);
    const [owner] = after;
    if (owner !== undefined && after.length === 1) s.blames.set(owner, 1);
  }
}

/**
 * Whether the kernel's OOM kills, reported on a node, were of this suspect's process (the node's
 * events report it, linkUnnamedKills): its restarts are what the kills did.
 */
export function killedForMemory(root: Suspect, suspects: ReadonlyMap<string, Suspect>): boolean {
  return [...suspects.values()].some(
    (s) =>
      s !== root &&
      s.blames.get(root.service) === 1 &&
      s.anomalies.some(
        (a) =>
          a.pattern.signals.some((x) => x.faultClass === 'memory_exhaustion') &&
          a.pattern.samples.some((r) => KERNEL_KILL.test(r.message)),
      ),
  );
}

/**
 * A line another component wrote about the service (a load balancer's entry on its target, kept
 * with its `reporter`) says nothing of what the service is.
 */
function writtenByItself(record: LogRecord): boolean {
  return typeof record.fields?.reporter !== 'string';
}

/** The anomaly a suspect's earliest record belongs to (its patient zero among its patterns). */
export function firstAnomaly(s: Suspect): Anomaly | undefined {
  return s.anomalies.find((a) => a.pattern.samples[0] === s.first);
}

function outranks(a: Anomaly, s: Suspect): boolean {
  const current = firstAnomaly(s);
  if (!current) return true;
  return ownStrength(a) > ownStrength(current);
}

/**
 * What the given anomalies say: the first sample of each with the exception it carries (where a
 * callee or an ARN is often named), cut to a length a name search needs.
 */
export function sampleText(anomalies: readonly Anomaly[]): string {
  return anomalies
    .map((a) => a.pattern.samples[0])
    .map((r) => (r ? `${r.message} ${r.exception ?? ''}`.slice(0, 4000) : ''))
    .join('\n');
}

/** How many failing lines a suspect logged in the incident window, and when the first came. */
export function failingWork(suspect: Suspect | undefined): { lines: number; first: number } {
  let lines = 0;
  let first = Number.POSITIVE_INFINITY;
  for (const a of suspect?.anomalies ?? []) {
    if (!isFailingWork(a)) continue;
    lines += a.pattern.incidentCount;
    first = Math.min(first, a.pattern.firstIncidentAt);
  }
  return { lines, first };
}
