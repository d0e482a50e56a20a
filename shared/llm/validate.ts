import type { z } from 'zod';
import { fiveWhysSchema } from '../domain/five-whys.ts';
import { fixRecommendationsSchema } from '../domain/fix-recommendation.ts';
import type { Report } from '../domain/report.ts';
import type { ModelResponse } from '../ports/model-client.ts';
import { actionProblems, inventedComponents } from './action-checks.ts';
import { consistencyProblems, type ProseScope } from './consistency.ts';
import type { EvidenceIndex } from './evidence-index.ts';
import { groundingProblems } from './grounding.ts';
import {
  NARRATIVE_FIELDS,
  NARRATIVE_TOOL_NAME,
  type Narrative,
  narrativeSchema,
} from './narrative-schema.ts';

/** One thing wrong with an answer. `field` is a narrative field, `timeline[3]`, `answer` (all of it) or a fact the model tried to set. */
export interface FieldIssue {
  field: string;
  problem: string;
  /** False when the part was only ignored (a fact the model may not set): nothing needs repairing. */
  rejected: boolean;
}

export interface AnswerCheck {
  /** The fields that passed every check; timeline holds only its valid entries. */
  valid: Partial<Narrative>;
  issues: FieldIssue[];
}

export interface ValidationContext {
  report: Report;
  index: EvidenceIndex;
  /** The timeline entries the prompt showed: only these may be retitled. */
  timelineIndexes: number[];
}

type Issue = (field: string, problem: string, rejected?: boolean) => void;

/**
 * Validates a model answer field by field: the schema, grounding (names, quotes and times in the
 * evidence), consistency with the deterministic findings, distinct whys. A bad field costs only
 * itself; a text answer, a cut or a non-object answer costs everything.
 */
export function validateAnswer(response: ModelResponse, ctx: ValidationContext): AnswerCheck {
  const issues: FieldIssue[] = [];
  const issue: Issue = (field, problem, rejected = true) => issues.push({ field, problem, rejected });
  const valid: Partial<Narrative> = {};
  const input = response.toolInput;
  if (input === undefined) {
    issue(
      'answer',
      response.text
        ? `answered with text instead of calling ${NARRATIVE_TOOL_NAME}`
        : `did not call ${NARRATIVE_TOOL_NAME}`,
    );
    return { valid, issues };
  }
  if (response.stopReason === 'max_tokens') {
    issue('answer', 'was cut at the output token limit (truncated); write shorter texts');
    return { valid, issues };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    issue('answer', 'the tool input is not a JSON object (malformed or truncated JSON)');
    return { valid, issues };
  }
  const answer = input as Record<string, unknown>;
  for (const key of Object.keys(answer)) {
    if (!(NARRATIVE_FIELDS as string[]).includes(key)) {
      issue(key, 'is not a narrative field: facts are fixed by the analysis, so it was ignored', false);
    }
  }
  for (const field of NARRATIVE_FIELDS) {
    if (answer[field] === undefined) {
      issue(field, 'is missing');
      continue;
    }
    if (field === 'timeline') {
      valid.timeline = validTimeline(answer.timeline, ctx, issue);
      continue;
    }
    const parsed = narrativeSchema.shape[field].safeParse(answer[field]);
    if (!parsed.success) {
      issue(field, schemaProblem(parsed.error));
      continue;
    }
    const problems = contentProblems(field, parsed.data, ctx);
    if (problems.length > 0) for (const p of problems) issue(field, p);
    else Object.assign(valid, { [field]: parsed.data });
  }
  return { valid, issues };
}

function schemaProblem(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`)
    .join('; ');
}

function validTimeline(value: unknown, ctx: ValidationContext, issue: Issue): Narrative['timeline'] {
  if (!Array.isArray(value)) {
    issue('timeline', 'expected an array of entries');
    return [];
  }
  const seen = new Set<number>();
  const kept: Narrative['timeline'] = [];
  value.forEach((raw, i) => {
    const parsed = narrativeSchema.shape.timeline.element.safeParse(raw);
    if (!parsed.success) {
      issue(`timeline entry ${i + 1}`, schemaProblem(parsed.error));
      return;
    }
    const entry = parsed.data;
    const field = `timeline[${entry.index}]`;
    const problems = !ctx.timelineIndexes.includes(entry.index)
      ? ['retitles an entry the prompt did not show']
      : seen.has(entry.index)
        ? ['retitles the same entry twice']
        : prose([entry.title, entry.detail], 'other', ctx);
    seen.add(entry.index);
    if (problems.length > 0) for (const p of problems) issue(field, p);
    else kept.push(entry);
  });
  return kept;
}

function contentProblems<F extends keyof Narrative>(
  field: F,
  value: Narrative[F],
  ctx: ValidationContext,
): string[] {
  switch (field) {
    case 'executiveSummary':
      return prose([value as string], 'executiveSummary', ctx);
    case 'rootCause':
      return prose([(value as Narrative['rootCause']).summary], 'rootCause', ctx);
    case 'fixRecommendations': {
      // Only titles and rationales are the model's: actions and commands are the engine's (merge.ts).
      const fixes = value as Narrative['fixRecommendations'];
      const ranks = fixRecommendationsSchema.safeParse(
        fixes.map((f) => ({ rank: f.rank, title: f.title, rationale: f.rationale, action: '-' })),
      );
      const engine = ctx.report.fixRecommendations.length;
      const sources = fixes.map((f) => f.source).filter((n) => n !== undefined);
      return [
        ...(ranks.success ? [] : [schemaProblem(ranks.error)]),
        ...sources.filter((n) => n > engine).map((n) => `refers to draft fix ${n}, but there are ${engine}`),
        ...(new Set(sources).size < sources.length ? ['refers to the same draft fix twice'] : []),
        ...prose(
          fixes.flatMap((f) => [f.title, f.rationale]),
          'other',
          ctx,
        ),
      ];
    }
    case 'fiveWhys': {
      const whys = value as Narrative['fiveWhys'];
      return [
        ...distinctWhys(whys),
        ...prose(
          whys.flatMap((w) => [w.question, w.answer]),
          'other',
          ctx,
        ),
      ];
    }
    default:
      return prose([value as string], 'other', ctx);
  }
}

function prose(texts: string[], scope: ProseScope, ctx: ValidationContext): string[] {
  const text = texts.filter((t) => t.length > 0).join('\n');
  const engineCommands = ctx.report.fixRecommendations.map((f) => f.command ?? '');
  return [
    ...new Set([
      ...groundingProblems(text, ctx.index),
      ...inventedComponents(text, ctx.index),
      ...actionProblems(text, ctx.index, engineCommands),
      ...consistencyProblems(text, ctx.report, scope),
    ]),
  ];
}

const whyKey = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Five whys that repeat a question or an answer explain less than five (case and punctuation ignored). */
function distinctWhys(whys: Narrative['fiveWhys']): string[] {
  const problems: string[] = [];
  const schema = fiveWhysSchema.safeParse(whys);
  if (!schema.success) problems.push(schemaProblem(schema.error));
  // The schema compares answers; questions and punctuation-only variants of answers are compared here.
  for (const part of ['question', 'answer'] as const) {
    const keys = whys.map((w) => whyKey(w[part]));
    keys.forEach((k, i) => {
      const first = keys.indexOf(k);
      if (first < i && (part === 'question' || schema.success)) {
        problems.push(`why #${i + 1} repeats the ${part} of why #${first + 1}`);
      }
    });
  }
  return [...new Set(problems)];
}
