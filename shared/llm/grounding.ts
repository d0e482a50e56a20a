import { CLOCK_TIME, type EvidenceIndex, ISO_TIME, normalizeSpace } from './evidence-index.ts';
import { unescapeTags } from './untrusted.ts';

/** A quote shorter than this may be a word or a value; longer ones must be verbatim. */
const MIN_CHECKED_QUOTE = 21;

/** Words that make a compound name a service or a data store (`orders-api`, `redis-master`). */
const SERVICE_SUFFIXES = new Set([
  'service',
  'svc',
  'api',
  'worker',
  'db',
  'database',
  'cache',
  'gateway',
  'gw',
  'server',
  'proxy',
  'queue',
  'broker',
  'consumer',
  'producer',
  'frontend',
  'backend',
  'app',
  'web',
  'lambda',
  'function',
  'daemon',
  'scheduler',
  'job',
  'store',
  'cluster',
]);
const STORE_PREFIXES = new Set([
  'redis',
  'postgres',
  'postgresql',
  'mysql',
  'mongo',
  'mongodb',
  'kafka',
  'rabbitmq',
  'memcached',
  'elasticsearch',
  'dynamodb',
]);
/** `per-service`, `cross-service`, `non-db`: words about services, not names of one. */
const NOT_A_NAME = new Set([
  'per',
  'multi',
  'cross',
  'non',
  'micro',
  'inter',
  'intra',
  'sub',
  'self',
  'each',
  'every',
  'any',
  'all',
  'one',
  'single',
  'third',
  'in',
  'on',
  'off',
  'up',
  'down',
]);

const COMPOUND = /\b[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+\b/gi;

export function looksLikeServiceName(token: string): boolean {
  const parts = token.toLowerCase().split(/[-_]/);
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (NOT_A_NAME.has(first)) return false;
  return SERVICE_SUFFIXES.has(last) || STORE_PREFIXES.has(first);
}

/** Quoted spans, straight or typographic: each pair is taken in order, so short ones cannot misalign. */
export function quotedSpans(text: string): string[] {
  const spans: string[] = [];
  for (const m of text.matchAll(/"([^"\n]*)"|“([^”\n]*)”/g)) spans.push(m[1] ?? m[2] ?? '');
  return spans;
}

function quoteKey(quote: string): string {
  return normalizeSpace(unescapeTags(quote).replace(/\\"/g, '"'))
    .replace(/^(?:\.\.\.|…)\s*/, '')
    .replace(/\s*(?:\.\.\.|…)$/, '');
}

function isQuotable(quote: string, index: EvidenceIndex): boolean {
  const key = quoteKey(quote);
  if (key.length === 0) return true;
  if (index.quotable.includes(key)) return true;
  return index.templates.some((t) => t.test(key));
}

/**
 * What in one text is not in the evidence: service-like names no input mentions, quotes that are
 * not verbatim, times absent from the timeline and the evidence. Grounded quotes are set aside
 * before names and times are looked for, since a verbatim line may hold anything.
 */
export function groundingProblems(text: string, index: EvidenceIndex): string[] {
  const problems: string[] = [];
  let prose = text;
  for (const quote of quotedSpans(text)) {
    if (quote.length < MIN_CHECKED_QUOTE) continue;
    if (isQuotable(quote, index)) prose = prose.split(quote).join(' ');
    else problems.push(`quotes "${quote.slice(0, 80)}", which is not verbatim in the evidence`);
  }
  const unknown = new Set<string>();
  for (const m of prose.matchAll(COMPOUND)) {
    const token = m[0].toLowerCase();
    if (
      looksLikeServiceName(token) &&
      !index.services.has(token) &&
      !index.names.has(token.replace(/_/g, '-'))
    ) {
      unknown.add(m[0]);
    }
  }
  for (const name of unknown) problems.push(`names "${name}", which no log or finding mentions`);
  for (const m of prose.matchAll(ISO_TIME)) {
    const [stamp, date, h, mi, s] = m;
    const known =
      index.dates.has(date ?? '') &&
      (s ? index.seconds.has(`${h}:${mi}:${s}`) : index.minutes.has(`${h}:${mi}`));
    if (!known) problems.push(`mentions the time ${stamp}, which is not in the timeline or the evidence`);
  }
  for (const m of prose.replace(ISO_TIME, ' ').matchAll(CLOCK_TIME)) {
    const [time, h, mi, s] = m;
    const known = s ? index.seconds.has(`${h}:${mi}:${s}`) : index.minutes.has(`${h}:${mi}`);
    if (!known) problems.push(`mentions the time ${time}, which is not in the timeline or the evidence`);
  }
  return problems;
}
