import type { PatternStat } from '../collect/model.ts';
import type { Anomaly } from './anomalies.ts';
import { type BehaviourShift, shiftOf } from './behaviour.ts';
import { servicesNamedBy } from './callee-names.ts';
import type { Classification } from './classify.ts';
import { sessionOf } from './db-session.ts';
import { mentionedServices } from './mentions.ts';
import { roleWhereWritten } from './roles.ts';
import type { Suspect } from './suspects.ts';

/**
 * Statements that take a table lock which blocks the table's ordinary reads or writes until their
 * transaction ends (PostgreSQL manual, "Explicit Locking", table-level lock modes: ACCESS EXCLUSIVE
 * for ALTER TABLE, DROP TABLE, TRUNCATE, REINDEX, VACUUM FULL (or `VACUUM (FULL, …)`), REFRESH MATERIALIZED VIEW and LOCK
 * TABLE; SHARE for CREATE INDEX without CONCURRENTLY; MySQL manual, "Metadata Locking", LOCK TABLES
 * and FLUSH TABLES WITH READ LOCK), and the row locks a SELECT … FOR UPDATE holds.
 */
const LOCKING_STATEMENT =
  /\b(?:alter table|drop table|truncate(?: table)?\s+[\w."]+|reindex (?:table|index|database|schema)|vacuum full|vacuum\s*\([^)]*\bfull\b|refresh materialized view|lock tables?|create (?:unique )?index(?! concurrently)|flush tables with read lock)\b|\bselect\b[^\n]{0,300}\bfor (?:no key )?update\b/i;

/**
 * A schema migration beginning: each runs DDL that takes such locks (Flyway "Migrating schema …",
 * Liquibase "Running Changeset", Alembic "Running upgrade a -> b", Rails "== 2024… AddX: migrating",
 * Django "Applying app.0042_…").
 */
const MIGRATION_START =
  /\bMigrating schema\b|\bRunning Changeset\b|\bRunning upgrade \w* ?-> ?\w+|^==\s*\d+\s+\w+: migrating\b|\bApplying [a-z_]+\.\d{4}_\w+/im;

/**
 * What the waiters say: a lock wait, a deadlock or a lock timeout (the lexicon's database_lock), or
 * a statement cancelled by its timeout, which a query queued behind a lock reaches (PostgreSQL
 * 57014 "canceling statement due to statement timeout").
 */
const STATEMENT_CANCELLED = /\bcanceling statement due to (?:statement|lock) timeout\b/i;

/** How long before the first wait the lock may have been taken (a migration's long transaction). */
const LEAD_MS = 15 * 60_000;
/** Clock skew tolerated between the holder's line and the first wait (different emitters). */
const SKEW_MS = 5_000;
const STATEMENT_SCORE = 0.7;
const MIGRATION_SCORE = 0.6;

function isWait(p: PatternStat): boolean {
  const first = p.samples[0];
  return (
    p.signals.some((s) => s.faultClass === 'database_lock') ||
    (first !== undefined && STATEMENT_CANCELLED.test(first.message))
  );
}

/**
 * When each waiting service first waited: the services that logged wait lines, and the services
 * those lines name (a database's lock-wait line names the session's user or application, whose
 * requests time out on the client side in words of their own).
 */
function firstWaits(suspects: ReadonlyMap<string, Suspect>, known: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const wait = (service: string, at: number) => out.set(service, Math.min(out.get(service) ?? at, at));
  for (const s of suspects.values())
    for (const a of s.anomalies) {
      const first = a.pattern.samples[0];
      if (!first || !isWait(a.pattern)) continue;
      wait(s.service, a.pattern.firstIncidentAt);
      const named = [
        ...servicesNamedBy(first, known, s.service),
        ...mentionedServices(sessionOf(first), known, s.service),
      ];
      for (const m of named) wait(m.service, a.pattern.firstIncidentAt);
    }
  return out;
}

/**
 * The service that took a lock the others then waited on: when services wait on database locks (or
 * have their statements cancelled while queued, or the wait lines name them), a service other than
 * the database that began a lock-taking statement or a schema migration shortly before the first
 * wait, and did not itself wait before it, holds what they wait for. It is the origin they report, as a behaviour shift of
 * its own (its routine lines name no failure), with the line that shows it.
 */
export function findLockHolders(
  patterns: readonly PatternStat[],
  suspects: ReadonlyMap<string, Suspect>,
  services: ReadonlyMap<string, { logGroups: Iterable<string> }>,
): BehaviourShift[] {
  const waits = firstWaits(suspects, [...services.keys()]);
  if (waits.size === 0) return [];
  const firstWait = Math.min(...waits.values());
  const found = new Map<string, BehaviourShift>();
  for (const p of patterns) {
    if (isWait(p) || p.errorLike) continue;
    const ownWait = waits.get(p.service) ?? Number.POSITIVE_INFINITY;
    // The statement began then: the pattern's first line, not a routine one logged all along.
    const r = p.firstRecord;
    if (!r || r.at < firstWait - LEAD_MS || r.at > firstWait + SKEW_MS || r.at >= ownWait) continue;
    // The statement may be in the message or in a field of a structured line (`"stmt":"VACUUM …"`).
    const whole = r.raw.length > r.message.length ? r.raw : r.message;
    const text = whole.length > 2000 ? whole.slice(0, 2000) : whole;
    const statement = LOCKING_STATEMENT.test(text);
    if (!statement && !MIGRATION_START.test(text)) continue;
    // The database's own log of the statement is not a holder; a client named after the database it
    // migrates (`catalog-db-migrate`) is one: judged by where and how the line was written, not the name.
    if (roleWhereWritten(services.get(p.service)?.logGroups ?? [], [r.style]) === 'database') continue;
    const score = statement ? STATEMENT_SCORE : MIGRATION_SCORE;
    const known = found.get(p.service);
    if (known && (known.score > score || (known.score === score && (known.record?.at ?? 0) <= r.at)))
      continue;
    const waiters = [...waits.keys()].filter((s) => s !== p.service);
    const lead = Math.max(0, Math.round((firstWait - r.at) / 1000));
    found.set(p.service, {
      service: p.service,
      kind: 'lock-holder',
      score,
      onset: firstWait,
      detail: `${p.service} began ${statement ? 'a statement that locks a table' : 'a schema migration'} ${lead} s before ${waiters.join(', ') || 'others'} waited on database locks`,
      record: r,
      reportedBy: waiters,
    });
  }
  return [...found.values()].filter((h) => (h.reportedBy?.length ?? 0) > 0);
}

/**
 * The class of an origin that holds the lock the others waited on: a database lock, shown by their
 * waits (a wait named as such before a statement cancelled by its timeout).
 */
export function holderClassification(
  service: string,
  shifts: readonly BehaviourShift[],
  anomalies: readonly Anomaly[],
  scores: Classification['scores'],
): Classification | null {
  const holder = shiftOf(service, shifts, ['lock-holder']);
  if (!holder) return null;
  const named = (a: Anomaly) => (a.pattern.signals.some((s) => s.faultClass === 'database_lock') ? 0 : 1);
  const evidence = anomalies
    .filter((a) => a.pattern.service !== service && isWait(a.pattern))
    .sort((a, b) => named(a) - named(b) || a.pattern.firstIncidentAt - b.pattern.firstIncidentAt);
  return {
    faultClass: 'database_lock',
    share: 1,
    strength: holder.score,
    evidence,
    basis: holder.detail,
    scores,
  };
}
