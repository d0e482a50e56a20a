import { escapeRegExp } from '../analysis/escape-regexp.ts';
import type { Report } from '../domain/report.ts';
import { reportServices } from './prompt-facts.ts';

/** What a model's prose may refer to: the report's names, quotable text and times, indexed once. */
export interface EvidenceIndex {
  /** Known service names, lower case. */
  services: Set<string>;
  /**
   * Every compound word (`payment-service-5c8f8`) of the report's facts and evidence, lower case,
   * with each run of its parts (`payment-service`, `service-5c8f8`): a name found here is grounded.
   */
  names: Set<string>;
  /** Texts a quote may be taken from, whitespace-normalized, one per line. */
  quotable: string;
  /** The mined templates as patterns (`<*>` matching any text), for quotes of a concrete line. */
  templates: RegExp[];
  /** `HH:MM:SS` and `HH:MM` of every time in the timeline and the evidence; `YYYY-MM-DD` dates. */
  seconds: Set<string>;
  minutes: Set<string>;
  dates: Set<string>;
  /**
   * What the deterministic engine itself wrote (facts, offline prose, fixes, alarm), lower case:
   * hosts and addresses may be named only when found here, never only because a log line holds
   * them (whoever writes a log line could plant one).
   */
  deterministic: string;
  /** Every number the report holds (facts and evidence), as written, and the confidence in percent. */
  numbers: Set<string>;
  /** Every word of the facts and the evidence, lower case. */
  words: Set<string>;
}

const COMPOUND = /[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+/g;
/** Templates beyond this many are only matched as text: a real report holds a few dozen. */
const MAX_TEMPLATE_PATTERNS = 200;

function compoundNames(text: string, into: Set<string>): void {
  for (const m of text.toLowerCase().matchAll(COMPOUND)) {
    const parts = m[0].split(/[-_]/);
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 2; j <= parts.length; j++) into.add(parts.slice(i, j).join('-'));
    }
    into.add(m[0]);
  }
}

export function templatePattern(template: string): RegExp {
  const pieces = normalizeSpace(template).split('<*>').map(escapeRegExp);
  return new RegExp(`^${pieces.join('.+?')}$`);
}

export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A JSON log line's string values, so a quote of its message matches without the JSON escaping. */
function jsonStrings(text: string): string[] {
  if (!text.trimStart().startsWith('{')) return [];
  try {
    const out: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === 'string') out.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(JSON.parse(text));
    return out;
  } catch {
    return [];
  }
}

export const ISO_TIME = /(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?/g;
export const CLOCK_TIME = /\b([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\b/g;

function collectTimes(text: string, index: EvidenceIndex): void {
  const add = (h?: string, m?: string, s?: string) => {
    index.minutes.add(`${h}:${m}`);
    if (s) index.seconds.add(`${h}:${m}:${s}`);
  };
  for (const m of text.matchAll(ISO_TIME)) {
    if (m[1]) index.dates.add(m[1]);
    add(m[2], m[3], m[4]);
  }
  for (const m of text.matchAll(CLOCK_TIME)) add(m[1], m[2], m[3]);
}

function numbersOf(report: Report): Set<string> {
  const numbers = new Set(JSON.stringify(report).match(/\d+(?:\.\d+)?/g) ?? []);
  numbers.add(String(Math.round(report.rootCause.confidence * 100)));
  return numbers;
}

export function indexEvidence(report: Report): EvidenceIndex {
  const services = reportServices(report);
  const lines = [
    ...report.evidence.lines.map((l) => l.text),
    ...(report.forensics.patientZero ? [report.forensics.patientZero.text] : []),
    ...(report.forensics.trigger
      ? [report.forensics.trigger.evidence, report.forensics.trigger.hypothesis]
      : []),
    ...report.timeline.flatMap((t) => [t.title, t.detail]),
    report.alarm.reason,
    ...report.affectedServices.map((a) => a.impact),
    ...report.forensics.blastRadius.map((b) => b.impact),
    ...report.similarIncidents.flatMap((s) => [s.title, s.rootCause]),
  ];
  const templates = report.evidence.patterns.map((p) => p.template);
  const quotable = [...lines, ...lines.flatMap(jsonStrings), ...templates].map(normalizeSpace).join('\n');
  // The offline prose is written from these facts only, so its names and times are grounded too.
  const offline = [
    report.title,
    report.executiveSummary,
    report.rootCause.summary,
    report.severityReason,
    report.systemicRootCause,
    report.counterfactual,
    ...report.fixRecommendations.flatMap((f) => [f.title, f.rationale, f.action, f.command ?? '']),
    ...report.fiveWhys.flatMap((w) => [w.question, w.answer]),
  ];
  const stamps = [
    ...report.timeline.map((t) => t.at),
    ...report.evidence.lines.map((l) => l.at),
    ...report.affectedServices.map((a) => a.firstSeen),
    ...report.similarIncidents.map((s) => s.occurredAt),
    report.alarm.triggeredAt,
    report.stats.windowStart,
    report.stats.windowEnd,
  ];
  const corpusParts = [
    ...services,
    ...lines,
    ...templates,
    ...offline,
    ...stamps,
    report.alarm.name,
    JSON.stringify(report.alarm.metric ?? {}),
    ...report.stats.logGroups,
    ...report.forensics.blastRadius.map((b) => b.name),
  ];
  const names = new Set<string>();
  for (const part of corpusParts) compoundNames(part, names);
  const index: EvidenceIndex = {
    services: new Set(services.map((s) => s.toLowerCase())),
    names,
    quotable,
    templates: templates.slice(0, MAX_TEMPLATE_PATTERNS).map(templatePattern),
    seconds: new Set(),
    minutes: new Set(),
    dates: new Set(),
    deterministic: [
      ...offline,
      ...services,
      report.alarm.name,
      report.alarm.reason,
      JSON.stringify(report.alarm.metric ?? {}),
      ...report.stats.logGroups,
      ...report.forensics.blastRadius.map((b) => b.name),
    ]
      .join('\n')
      .toLowerCase(),
    numbers: numbersOf(report),
    words: new Set(
      corpusParts
        .join(' ')
        .toLowerCase()
        .match(/[a-z][a-z0-9]*/g) ?? [],
    ),
  };
  for (const text of [...stamps, ...lines, ...templates]) collectTimes(text, index);
  return index;
}
