import type { ChangeSummary, NarrativeInput } from './narrative-input.ts';

/** The kind of dependency a name or signal points at; it decides which tool a fix uses. */
export type DependencyKind =
  | 'postgres'
  | 'mysql'
  | 'redis'
  | 'memcached'
  | 'rabbitmq'
  | 'kafka'
  | 'sqs'
  | 'dynamodb';

/** What every narrative text is written from: the input, with its names and phrases prepared once. */
export interface NarrativeContext {
  input: NarrativeInput;
  /** The root service, or a neutral phrase when the analysis is inconclusive. */
  root: string;
  /** Affected services other than the root and its store, in propagation order. */
  callers: string[];
  /** The callers as an English list ("a, b and c"), or null when there are none. */
  callerList: string | null;
  dep: string | null;
  /** The store or broker the fault concerns (dependency, or the root itself when it is one). */
  store: string | null;
  storeKind: DependencyKind | null;
  /** "the deploy of payment-service version 2.4.1 at 14:32:05 UTC", when a change preceded the fault. */
  change: string | null;
  /** "version 2.4.1" / "the configuration change to x": the change named short, for questions. */
  changeName: string | null;
  /** The same, always with the service: "version 2.4.1 of payment-service". */
  changeFull: string | null;
  /** The root signal, on one line, in typographic quotes (it may hold straight ones). */
  signal: string;
}

const MAX_SIGNAL_CHARS = 180;
const STORE_ROLES = new Set(['database', 'cache', 'queue', 'storage']);

export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Capitalises a text that starts with a common word; service names keep their own spelling. */
export function sentence(text: string): string {
  return /^(the|its|version|a|an)\b/.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

export function quoteSignal(signal: string): string {
  const line = signal.replace(/\s+/g, ' ').trim();
  const short = line.length > MAX_SIGNAL_CHARS ? `${line.slice(0, MAX_SIGNAL_CHARS - 1)}…` : line;
  return `“${short || 'no error text'}”`;
}

function clock(at: string): string {
  const time = /T(\d{2}:\d{2}(?::\d{2})?)/.exec(at)?.[1];
  return time ? `${time} UTC` : at;
}

/** A change reads as a new release when it is a deploy, or a restart onto a named version. */
export function isRelease(change: Pick<ChangeSummary, 'kind' | 'version'>): boolean {
  return change.kind === 'deploy' || (change.kind === 'restart' && change.version !== undefined);
}

/** A change named in words, without article or time (`configuration change to tariff-db`). */
export function changeWords(
  change: Pick<ChangeSummary, 'kind' | 'service' | 'network' | 'reload' | 'namespace'>,
): string {
  switch (change.kind) {
    case 'activity':
      return `new activity in ${change.service}`;
    case 'config':
      return change.reload
        ? `configuration reload of ${change.service}`
        : `configuration change to ${change.service}`;
    case 'policy':
      return `${change.network ? 'network' : 'permission'} policy change for ${policyScope(change)}`;
    case 'scale':
      return `scaling change of ${change.service}`;
    default:
      return `${change.kind} of ${change.service}`;
  }
}

/** What a policy applies to: the whole namespace it was written in, or the service it belongs to. */
export function policyScope(change: Pick<ChangeSummary, 'service' | 'namespace'>): string {
  return change.namespace ? `namespace ${change.namespace}` : change.service;
}

export function changePhrase(change: ChangeSummary): string {
  const version = change.version ? ` version ${change.version}` : '';
  const on =
    change.kind === 'restart' && change.version ? ` on${version}` : change.kind === 'deploy' ? version : '';
  return `the ${changeWords(change)}${on} at ${clock(change.at)}`;
}

function changeName(change: ChangeSummary, root: string | null): string {
  if (change.version)
    return `version ${change.version}${change.service === root ? '' : ` of ${change.service}`}`;
  if (change.kind === 'policy')
    return `the ${change.network ? 'network ' : ''}policy change for ${policyScope(change)}`;
  if (change.kind === 'scale') return `the scaling change of ${change.service}`;
  if (change.kind === 'config') return `the ${changeWords(change)}`;
  if (change.kind === 'activity') return `the new activity in ${change.service}`;
  return `the new release of ${change.service}`;
}

function kindOfText(text: string): DependencyKind | null {
  if (/mysql|mariadb|innodb|lock wait timeout exceeded/i.test(text)) return 'mysql';
  if (/postgres|psql|aurora|pg_|(^|[^a-z])pg([^a-z]|$)/i.test(text)) return 'postgres';
  if (/redis|elasticache|valkey|clusterdown/i.test(text)) return 'redis';
  if (/memcache/i.test(text)) return 'memcached';
  if (/rabbit|amqp/i.test(text)) return 'rabbitmq';
  if (/kafka|(^|[^a-z])msk([^a-z]|$)/i.test(text)) return 'kafka';
  if (/(^|[^a-z])sqs([^a-z]|$)|oldest message/i.test(text)) return 'sqs';
  if (/dynamo|provisionedthroughput/i.test(text)) return 'dynamodb';
  return null;
}

const GENERIC_DB = /(^|[-_.])(db|database|rds|sql)([-_.]|$)/i;

function storeOf(input: NarrativeInput): { store: string | null; kind: DependencyKind | null } {
  const rootIsStore = input.rootService !== null && STORE_ROLES.has(input.rootRole);
  // Without a named dependency, an affected database, cache or broker is the one the root uses.
  const affectedStore = input.affected.find(
    (a) =>
      a.service !== input.rootService &&
      (STORE_ROLES.has(a.role) || GENERIC_DB.test(a.service) || kindOfText(a.service) !== null),
  );
  const store = rootIsStore ? input.rootService : (input.dependency ?? affectedStore?.service ?? null);
  const kind =
    (store ? (input.engines?.[store] ?? kindOfText(store)) : null) ??
    kindOfText(input.signal) ??
    ((store && GENERIC_DB.test(store)) || (rootIsStore && input.rootRole === 'database') ? 'postgres' : null);
  return { store, kind };
}

export function buildContext(input: NarrativeInput): NarrativeContext {
  const root = input.rootService ?? 'the failing service';
  const { store, kind } = storeOf(input);
  // The store the root depends on is affected too, but it does not call the root.
  const callers = [...new Set(input.affected.map((a) => a.service))].filter(
    (s) => s !== input.rootService && s !== store,
  );
  return {
    input,
    root,
    callers,
    callerList: callers.length > 0 ? joinList(callers) : null,
    dep: input.dependency,
    store,
    storeKind: kind,
    change: input.trigger ? changePhrase(input.trigger) : null,
    changeName: input.trigger ? changeName(input.trigger, input.rootService) : null,
    changeFull: input.trigger ? changeName(input.trigger, null) : null,
    signal: quoteSignal(input.signal),
  };
}

/** Whether the root is a workload the team deploys (not a database, cache, broker or outside party). */
export function rootIsWorkload(c: NarrativeContext): boolean {
  return !['database', 'cache', 'queue', 'storage', 'dns', 'external'].includes(c.input.rootRole);
}

export function isSql(kind: DependencyKind | null): kind is 'postgres' | 'mysql' {
  return kind === 'postgres' || kind === 'mysql';
}

/** No cause was found: the narrative then says what evidence is missing instead of naming one. */
export function isInconclusive(input: NarrativeInput): boolean {
  return input.rootService === null || input.faultClass === 'unknown';
}

/** The SQL dialect behind a slow service: its store's, or PostgreSQL when the signal speaks of queries. */
export function sqlKindOf(c: NarrativeContext): 'postgres' | 'mysql' | null {
  if (isSql(c.storeKind)) return c.storeKind;
  const store = c.storeKind === null || c.store === null;
  return store && /\bquery\b|full scan|missing index|\bstatement\b/i.test(c.input.signal) ? 'postgres' : null;
}
