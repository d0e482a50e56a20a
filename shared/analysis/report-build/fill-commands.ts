import type { FixRecommendation } from '../../domain/fix-recommendation.ts';
import { doubled, type EvidenceValues } from './evidence-values.ts';

/** What the report knows besides the evidence values: the alarm and the windows read. */
export interface CommandFacts {
  values: EvidenceValues;
  alarmName: string;
  alarmAt: number;
  windowStart: number;
  windowEnd: number;
}

type Filler = readonly [RegExp, (facts: CommandFacts) => string | undefined];

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** Each placeholder the fixes use, with where its value comes from; the memory ones only beside memory. */
const FILLERS: readonly Filler[] = [
  [/<namespace>/g, (f) => f.values.namespace],
  [/<cluster>/g, (f) => f.values.cluster],
  [/(?<=memory=|MemoryMax=)<new-limit>/g, (f) => f.values.memoryLimit && doubled(f.values.memoryLimit)],
  [/(?<=memory=)<new-request>/g, (f) => f.values.memoryLimit],
  [
    /(?<=--memory-size )<memory-mb>/g,
    (f) => (f.values.lambdaMemoryMb ? String(f.values.lambdaMemoryMb * 2) : undefined),
  ],
  [/<instance-id>/g, (f) => f.values.instanceId],
  [/<asg-name>/g, (f) => f.values.autoScalingGroup],
  [/<table>/g, (f) => f.values.table],
  [/<queue-url>/g, (f) => f.values.queueUrl],
  [/<alarm-name>/g, (f) => f.alarmName],
  [/<alarm-time>/g, (f) => iso(f.alarmAt)],
  [/<alarm-time-minus-1h>/g, (f) => iso(f.alarmAt - 3_600_000)],
  [/<start>/g, (f) => iso(f.windowStart)],
  [/<end>/g, (f) => iso(f.windowEnd)],
  [/<epoch-ms>/g, (f) => String(f.windowStart)],
];

const PLACEHOLDER = /<[a-z][a-z0-9-]*>/g;

/**
 * A command with every placeholder the evidence answers filled in. What stays a placeholder is
 * named in a trailing shell comment, so a reader knows it is to be filled, not a typo.
 */
export function fillCommand(command: string, facts: CommandFacts): string {
  let out = command;
  for (const [pattern, value] of FILLERS) {
    const v = value(facts);
    if (v !== undefined && v !== '') out = out.replace(pattern, v);
  }
  const left = [...new Set(out.match(PLACEHOLDER) ?? [])];
  if (left.length === 0) return out;
  return `${out}\n# Fill in ${left.join(', ')}: the logs do not say ${left.length === 1 ? 'it' : 'them'}.`;
}

export function fillFixCommands(fixes: FixRecommendation[], facts: CommandFacts): FixRecommendation[] {
  return fixes.map((f) => (f.command === undefined ? f : { ...f, command: fillCommand(f.command, facts) }));
}
