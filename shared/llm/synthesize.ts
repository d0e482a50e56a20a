import { Trail } from '../analysis/correlate/trail.ts';
import { redactDeep } from '../analysis/redact/index.ts';
import { parseReport, type Report } from '../domain/report.ts';
import type { QualityCheck } from '../domain/report-metadata.ts';
import type { ModelClient } from '../ports/model-client.ts';
import { indexEvidence } from './evidence-index.ts';
import { combineValid, mergeNarrative } from './merge.ts';
import { check, fieldsReplacedCheck, groundingCheck, proseChecks, replaceChecks } from './model-quality.ts';
import { NARRATIVE_FIELDS } from './narrative-schema.ts';
import { estimateCostUsd, type PriceTable } from './pricing.ts';
import { buildNarrativePrompt, type NarrativePrompt, narrativeRequest, repairRequest } from './prompt.ts';
import { estimateRequestTokens } from './token-budget.ts';
import { type AnswerCheck, validateAnswer } from './validate.ts';

/** The trail's name for the model's calls and answers. */
const MODEL_TOOL = 'bedrock_converse';

/** Both rounds together; inside the write-narrative step's Lambda timeout (180 s). */
export const DEFAULT_SYNTHESIS_DEADLINE_MS = 90_000;
const MAX_OUTPUT_TOKENS = 4_096;
const TEMPERATURE = 0.2;

export interface SynthesisOptions {
  modelId: string;
  budgetTokens?: number;
  deadlineMs?: number;
  clock: () => number;
  priceTable?: PriceTable;
}

export interface SynthesisUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  estimatedCostUsd: number | null;
  /** The estimate of the largest request sent, against `budgetTokens`. */
  estimatedInputTokens: number;
  budgetTokens: number;
}

export interface SynthesisResult {
  report: Report;
  usage: SynthesisUsage;
}

interface Round {
  label: string;
  check: AnswerCheck;
}

/**
 * The report's narrative written by a model, under guard: the prompt is built from the evidence
 * within the token budget, every answer is validated, one repair round gets the problems back,
 * and whatever is still invalid keeps the offline text. A model that fails or runs out of time
 * leaves the offline report as it was, with a quality check that says why. Root cause, class,
 * confidence, affected services and severity are the offline report's whatever the model answers.
 */
export async function synthesizeWithModel(
  report: Report,
  model: ModelClient,
  options: SynthesisOptions,
): Promise<SynthesisResult> {
  const { clock, modelId } = options;
  const started = clock();
  const deadline = started + (options.deadlineMs ?? DEFAULT_SYNTHESIS_DEADLINE_MS);
  const remaining = () => Math.max(0, deadline - clock());
  const prompt = buildNarrativePrompt(report, options.budgetTokens);
  const ctx = { report, index: indexEvidence(report), timelineIndexes: prompt.timelineIndexes };
  const usage: SynthesisUsage = {
    calls: 0,
    inputTokens: 0,
    outputTokens: 0,
    latencyMs: 0,
    estimatedCostUsd: null,
    estimatedInputTokens: prompt.estimatedTokens,
    budgetTokens: prompt.budgetTokens,
  };
  const trail = new Trail(report.reasoningTrail);
  const rounds: Round[] = [];
  let failure: string | null = null;

  const call = async (label: string, build: () => ReturnType<typeof narrativeRequest>) => {
    const request = build();
    usage.estimatedInputTokens = Math.max(usage.estimatedInputTokens, estimateRequestTokens(request));
    trail.add(
      'TOOL_CALL',
      'bedrock_converse',
      JSON.stringify({
        round: label,
        modelId,
        estimatedInputTokens: estimateRequestTokens(request),
        trimmed: prompt.trimmed,
      }),
      MODEL_TOOL,
    );
    usage.calls++;
    try {
      const response = await model.converse(request);
      usage.inputTokens += response.usage.inputTokens;
      usage.outputTokens += response.usage.outputTokens;
      usage.latencyMs += response.latencyMs;
      const answer = validateAnswer(response, ctx);
      rounds.push({ label, check: answer });
      trail.add(
        'OBSERVATION',
        `bedrock_converse: ${response.stopReason}`,
        `${response.usage.inputTokens} input / ${response.usage.outputTokens} output tokens, ${response.latencyMs} ms; ${answer.issues.length} problem(s) found`,
        MODEL_TOOL,
      );
      return answer;
    } catch (error) {
      failure = errorText(error);
      trail.add('OBSERVATION', 'bedrock_converse: error', failure, MODEL_TOOL);
      return null;
    }
  };

  const request = { maxTokens: MAX_OUTPUT_TOKENS, temperature: TEMPERATURE };
  const first = await call('first answer', () =>
    narrativeRequest(prompt, { ...request, timeoutMs: remaining() }),
  );
  let repaired: AnswerCheck | null = null;
  if (first?.issues.some((i) => i.rejected) && remaining() > 0) {
    const problems = first.issues.filter((i) => i.rejected).map((i) => `${i.field} ${i.problem}`);
    repaired = await call('repair', () =>
      repairRequest(prompt, problems, { ...request, timeoutMs: remaining() }),
    );
  }
  usage.estimatedCostUsd = usage.calls > 0 ? estimateCostUsd(modelId, usage, options.priceTable) : null;
  const budget = budgetCheck(prompt, usage);

  if (!first) {
    return { report: keepOffline(report, trail, budget, `${modelId} gave no answer (${failure})`), usage };
  }

  const narrative = combineValid(first.valid, repaired?.valid ?? null);
  const merged = mergeNarrative(report, narrative);
  const written = Object.entries(narrative).filter(
    ([k, v]) => v !== undefined && !(k === 'timeline' && (v as unknown[]).length === 0),
  );
  trail.add(
    'DECISION',
    written.length > 0 ? "Use the model's valid sections" : 'Keep the offline narrative',
    `${written.length} section(s) from the model${failure ? `; the repair round failed: ${failure}` : ''}; facts unchanged.`,
  );
  merged.reasoningTrail = trail.steps;
  const spent = {
    provider: 'bedrock' as const,
    modelId,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    latencyMs: usage.latencyMs,
    ...(usage.estimatedCostUsd !== null ? { estimatedCostUsd: usage.estimatedCostUsd } : {}),
  };
  // A model none of whose text was used did not write the report: the offline synthesizer did.
  merged.model = written.length > 0 ? spent : { ...report.model, attempt: spent };
  const { value: redacted, findings } = redactDeep(merged);
  const final = redacted as Report;
  const offlineSecrets = report.quality.checks.find((c) => c.name === 'secrets-redacted')?.detail ?? '';
  const masked =
    findings.length > 0
      ? `${offlineSecrets} Masked in the model's text: ${findings.map((f) => `${f.count} ${f.kind}`).join(', ')}.`.trim()
      : offlineSecrets;
  final.quality = {
    ...final.quality,
    checks: replaceChecks(final.quality.checks, [
      ...proseChecks(final, report, masked),
      budget,
      synthesisCheck(modelId, written.length, usage, failure),
      groundingCheck(rounds.map((r) => ({ label: r.label, issues: r.check.issues }))),
      fieldsReplacedCheck(
        narrative,
        rounds.map((r) => r.check.issues),
        prompt.timelineIndexes.length,
      ),
    ]),
  };
  const schema = parseReport(final);
  if (!schema.ok) {
    const why = `the merged report failed the schema (${schema.error})`;
    return { report: keepOffline(report, trail, budget, why), usage };
  }
  return { report: final, usage };
}

/** The offline report as it was, with the trail of what ran and a check that says why the model's text is not in it. */
function keepOffline(report: Report, trail: Trail, budget: QualityCheck, why: string): Report {
  const out = structuredClone(report);
  trail.add('DECISION', 'Keep the offline narrative', `${why}.`);
  out.reasoningTrail = trail.steps;
  out.quality = {
    ...out.quality,
    checks: replaceChecks(out.quality.checks, [
      budget,
      check('model-synthesis', false, `${why}; the offline narrative was kept.`),
    ]),
  };
  return out;
}

function budgetCheck(prompt: NarrativePrompt, usage: SynthesisUsage): QualityCheck {
  return check(
    'model-prompt-budget',
    usage.estimatedInputTokens <= prompt.budgetTokens,
    `About ${usage.estimatedInputTokens} input tokens per request (estimated) of a ${prompt.budgetTokens}-token budget; ${prompt.trimmed.length > 0 ? `trimmed ${prompt.trimmed.join(', ')}` : 'nothing trimmed'}.`,
  );
}

function synthesisCheck(
  modelId: string,
  sections: number,
  usage: SynthesisUsage,
  failure: string | null,
): QualityCheck {
  const cost =
    usage.estimatedCostUsd === null
      ? 'cost unknown for this model'
      : `about $${usage.estimatedCostUsd.toFixed(4)}`;
  return check(
    'model-synthesis',
    sections > 0,
    `${modelId} wrote ${sections} of ${NARRATIVE_FIELDS.length} sections in ${usage.calls} call(s): ${usage.inputTokens} input and ${usage.outputTokens} output tokens, ${usage.latencyMs} ms, ${cost}.${failure ? ` The repair round failed: ${failure}.` : ''}`,
  );
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name;
  return String(error);
}
