import { escapeRegExp } from '../analysis/escape-regexp.ts';
import { FAULT_CLASS_LABELS, FAULT_CLASSES, type FaultClass } from '../domain/fault-class.ts';
import type { Report } from '../domain/report.ts';
import { reportServices } from './prompt-facts.ts';

/** Classes a trigger may be called by in prose (a release or a config change) without being the class. */
const TRIGGER_WORDS: readonly FaultClass[] = ['bad_deployment', 'config_error'];
const ROOT_CLAIM = /root[- ]cause|originat|patient zero|caused by|triggered by|to blame|culprit|at fault/i;
const NEGATION = /\b(?:no|not|none|nothing|inconclusive|unknown|undetermined)\b/i;
const SEVERITY = /\b(?:P([1-4])|SEV[- ]?([1-4]))\b/gi;

const word = (s: string) => `(?<![\\w-])${escapeRegExp(s)}(?![\\w-])`;

function mentions(text: string, phrase: string): boolean {
  return new RegExp(word(phrase), 'i').test(text);
}

/** `root cause is in S`, `S was the root cause`, `originated in S`, `root cause: <class> in S`. */
function claimsRootCause(sentence: string, service: string): boolean {
  const s = `(?:the\\s+)?${word(service)}`;
  return [
    `root[- ]cause\\s*(?:is|was|lies|lay|:)?\\s*(?:in|within|at|with|inside)?\\s*${s}`,
    `${word(service)}\\s+(?:is|was)\\s+(?:the\\s+)?(?:likely\\s+|probable\\s+)?root[- ]cause`,
    `originat\\w*\\s+(?:in|from|at|with|inside)\\s+${s}`,
    `root[- ]cause\\s*(?::|is|was)\\s*[^.;]{0,60}?\\b(?:in|of)\\s+${s}`,
    `(?:caused|triggered)\\s+by\\s+(?:a\\s+|an\\s+)?(?:[\\w-]+\\s+){0,3}?(?:in\\s+|of\\s+|from\\s+)?${s}`,
    `${word(service)}\\s+(?:is|was)\\s+(?:to\\s+blame|the\\s+culprit|at\\s+fault)`,
  ].some((p) => new RegExp(p, 'i').test(sentence));
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim().length > 0);
}

export type ProseScope = 'executiveSummary' | 'rootCause' | 'other';

/**
 * Where prose contradicts the deterministic findings: another severity, a fault-class id or a
 * root-cause claim about another service anywhere; in the summaries, another class's name, a root-cause claim about another service, and
 * (executive summary) another confidence. The model cannot set these facts; prose that
 * contradicted them would make the report disagree with itself.
 */
export function consistencyProblems(text: string, report: Report, scope: ProseScope): string[] {
  const problems: string[] = [];
  for (const m of text.matchAll(SEVERITY)) {
    if (`P${m[1] ?? m[2]}` !== report.severity) {
      problems.push(
        `states severity ${m[0]}, but the severity is ${report.severity} and the model may not change it`,
      );
    }
  }
  const { faultClass, service: root } = report.rootCause;
  const summary = scope !== 'other';
  for (const other of FAULT_CLASSES) {
    if (other === faultClass || other === 'unknown') continue;
    if (mentions(text, other))
      problems.push(`names the fault class ${other}, but the class is ${faultClass}`);
    else if (summary && mentions(text, FAULT_CLASS_LABELS[other])) {
      const excused = report.forensics.trigger !== null && TRIGGER_WORDS.includes(other);
      if (!excused) {
        problems.push(
          `calls it "${FAULT_CLASS_LABELS[other]}", but the class is ${FAULT_CLASS_LABELS[faultClass]}`,
        );
      }
    }
  }
  const services = reportServices(report);
  const conclusive = !report.inconclusive && root !== null;
  for (const sentence of sentences(text)) {
    if (!ROOT_CLAIM.test(sentence)) continue;
    const named = services.filter((s) => mentions(sentence, s));
    if (!summary) {
      // Any field: no other cause than the deterministic one.
      const other = named.find((s) => s !== root && claimsRootCause(sentence, s));
      if (other)
        problems.push(`names ${other} as the root cause, but the root-cause service is ${root ?? 'unknown'}`);
      continue;
    }
    if (!conclusive) {
      if (named.length > 0 && !NEGATION.test(sentence)) {
        problems.push(`names ${named[0]} as the root cause of an inconclusive analysis`);
      }
      continue;
    }
    const other = named.find((s) => s !== root && claimsRootCause(sentence, s));
    if (other) problems.push(`names ${other} as the root cause, but the root-cause service is ${root}`);
    else if (named.length > 0 && !named.includes(root)) {
      problems.push(
        `makes a root-cause claim about ${named.join(', ')}, but the root-cause service is ${root}`,
      );
    }
  }
  if (!summary) return problems;
  if (conclusive && !mentions(text, root)) problems.push(`does not name the root-cause service ${root}`);
  if (scope === 'executiveSummary') {
    const pct = `${Math.round(report.rootCause.confidence * 100)}%`;
    for (const m of text.matchAll(/(\d{1,3}(?:\.\d+)?)\s?%/g)) {
      if (`${m[1]}%` !== pct) problems.push(`states ${m[0]}, but the confidence is ${pct}`);
    }
  }
  return problems;
}
