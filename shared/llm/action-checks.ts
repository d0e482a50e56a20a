import type { EvidenceIndex } from './evidence-index.ts';

/*
 * The model writes prose, never actions. Whatever it writes, in any field, may not carry a link, a
 * host, a command, markup, a request for credentials or a number the evidence does not hold: those
 * come only from the deterministic engine (the fixes' actions and commands), and an answer is
 * attacker-reachable text (the logs it read are). Each check names what it found, for the repair
 * round and the report's quality checks.
 */

const URL_LIKE = /\b(?:[a-z][a-z0-9+.-]{1,15}:\/\/|www\.)[^\s"'<>)\]]*/gi;
/** A dotted name ending in an alphabetic label: `evil.example`, `db.internal`, `s3.amazonaws.com`. */
const HOST_LIKE = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,23}\b/gi;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
/** File names are not hosts (`Orders.java`, `main.go`); version-like tokens have digits. */
const FILE_EXTENSION =
  /\.(?:java|kt|scala|py|go|js|mjs|cjs|ts|tsx|rb|php|cs|rs|c|h|cpp|json|yaml|yml|xml|toml|conf|cfg|ini|log|txt|md|html|sql|jar|war|so|dll|exe|sh|ps1|tf)$/i;

const COMMAND =
  /\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b|\b(?:curl|wget|kubectl|helm|ssh|scp|sudo|chmod|chown|iex|powershell|invoke-webrequest|nc|netcat|eval|base64\s+-d)\b|\baws\s+[a-z0-9-]+\s+[a-z][a-z0-9-]+|\brm\s+-[a-z]*[rf]|\bdelete\s+(?:namespace|ns|deployment|pvc|pv|node|cluster|bucket|table|database)\b|--force\b|--no-preserve-root|\$\(|`|\bdrop\s+(?:table|database)\b/i;

const PLACEHOLDER = /<[a-z][a-z0-9_-]{0,40}>/gi;
const MARKUP = /<\s*\/?\s*[a-z!?][^>]*>|!?\[[^\]\n]*\]\([^)\n]*\)|```|\bjavascript:|\bdata:[a-z]+\/[a-z]/i;

const CREDENTIAL_REQUEST =
  /\b(?:sign|log)[ -]?(?:in|on)\b[^.\n]{0,80}\b(?:with|using|enter|your)\b[^.\n]{0,40}\b(?:credentials?|passwords?|access keys?|secret|tokens?|mfa|one[- ]time)|\b(?:enter|provide|paste|share|send|submit|confirm|verify)\b[^.\n]{0,40}\b(?:your\s+)?(?:aws\s+)?(?:credentials?|passwords?|access keys?|secret keys?|session tokens?|api keys?|mfa codes?)\b/i;

/** Numbers a text states, outside times (checked on their own), names and markers. */
const NUMBER = /(?<![\w.:-])\d+(?:[.,]\d+)?(?![\w:%]|\.\d)/g;
const TIME_OR_NAME =
  /\d{4}-\d{2}-\d{2}[T ][\d:.]+Z?|\b\d{1,2}:\d{2}(?::\d{2})?\b|\b[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+\b/gi;
/** Small counts ("two pods", "5 whys", "the 3 replicas") are ordinary prose. */
const SMALL_NUMBER = 12;

function found(pattern: RegExp, text: string): string[] {
  return [...text.matchAll(pattern)].map((m) => m[0]);
}

/** What in one model text is an action, a link, a host, markup or a number the evidence does not hold. */
export function actionProblems(
  text: string,
  index: EvidenceIndex,
  allowedCommands: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  // Problems never quote what they found: they are shown in the report, and it is the attacker's text.
  if (found(URL_LIKE, text).length > 0) problems.push('holds a link: links come only from the analysis');
  const withoutUrls = text.replace(URL_LIKE, ' ');
  for (const host of new Set(found(HOST_LIKE, withoutUrls))) {
    const h = host.toLowerCase();
    if (FILE_EXTENSION.test(h) || /\d/.test(h.split('.').pop() ?? '') || index.deterministic.includes(h))
      continue;
    if (index.services.has(h)) continue;
    // A class or package name from the evidence (`java.lang.OutOfMemoryError`): capitals say it is no host.
    if (/[A-Z]/.test(host) && index.quotable.includes(host)) continue;
    problems.push('names a host the analysis does not: hosts come only from the analysis');
  }
  for (const ip of new Set(found(IPV4, text))) {
    if (!index.deterministic.includes(ip)) problems.push('names an address the analysis does not');
  }
  let commandText = text;
  for (const allowed of allowedCommands) if (allowed) commandText = commandText.split(allowed).join(' ');
  const command = COMMAND.exec(commandText);
  if (command) {
    problems.push('holds a command: commands come only from the analysis');
  }
  // The engine's own placeholders (`<namespace>`) are its text, not markup.
  const markup = MARKUP.exec(
    commandText.replace(PLACEHOLDER, (p) => (index.deterministic.includes(p.toLowerCase()) ? ' ' : p)),
  );
  if (markup) problems.push('holds markup: the report is plain text');
  if (CREDENTIAL_REQUEST.test(text)) problems.push('asks the reader for credentials');
  const unknown = new Set<string>();
  for (const n of found(NUMBER, text.replace(URL_LIKE, ' ').replace(TIME_OR_NAME, ' '))) {
    const value = n.replace(',', '.');
    if (Number(value) <= SMALL_NUMBER && !value.includes('.')) continue;
    if (!index.numbers.has(value)) unknown.add(n);
  }
  if (unknown.size > 0) problems.push(`states ${unknown.size} number(s) the evidence does not hold`);
  return [...new Set(problems)];
}

/** Words that may come before "service", "database"… without naming one. */
const GENERIC = new Set(
  'the a an this that its their each every any one other same another downstream upstream affected failing failed faulty healthy calling dependent dependency backend frontend web external internal critical main core root user-facing customer-facing primary secondary whole entire single storage payment database'.split(
    ' ',
  ),
);
const NAMED_COMPONENT =
  /\b([a-z][a-z0-9]{2,})\s+(?:service|api|microservice|worker|database|db|broker|server)\b/gi;
/** Describing words ("unbounded", "leaking", "stateless", "regional"), not names. */
const ADJECTIVE = /(?:ed|ing|less|ful|able|ible|al|ous|ive|ic|ary|ent|ant|ly|er|est)$/;

/** "the ledger service": a component named by a word no log, fact or finding holds. */
export function inventedComponents(text: string, index: EvidenceIndex): string[] {
  const invented = new Set<string>();
  for (const m of text.matchAll(NAMED_COMPONENT)) {
    const word = (m[1] ?? '').toLowerCase();
    if (GENERIC.has(word) || ADJECTIVE.test(word) || index.words.has(word)) continue;
    invented.add(m[0]);
  }
  return [...invented].map((c) => `names "${c}", which no log or finding mentions`);
}
