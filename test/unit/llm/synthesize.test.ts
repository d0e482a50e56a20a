import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBedrockModel } from '../../../shared/composition/aws.ts';
import { parseReport } from '../../../shared/domain/report.ts';
import { modelSynthesis } from '../../../shared/llm/index.ts';
import { synthesizeWithModel } from '../../../shared/llm/synthesize.ts';
import { estimateRequestTokens, estimateTokens } from '../../../shared/llm/token-budget.ts';
import {
  type AnswerName,
  bedrockModel,
  checkNamed,
  converseOutput,
  d02Report,
  facts,
  fakeTime,
  prose,
  toolAnswer,
  toolInputOf,
} from './helpers.ts';
import { analyzedReport, millionEventReport } from './incident-builders.ts';

const bedrock = mockClient(BedrockRuntimeClient);
const MODEL_ID = 'amazon.nova-pro-v1:0';

beforeEach(() => {
  bedrock.reset();
});

function sentInputs(): ConverseCommandInput[] {
  return bedrock.commandCalls(ConverseCommand).map((c) => c.args[0].input);
}

async function run(time = fakeTime()) {
  const offline = d02Report();
  const result = await synthesizeWithModel(offline, bedrockModel(time), {
    modelId: MODEL_ID,
    clock: time.clock,
  });
  return { offline, ...result };
}

describe('synthesizeWithModel: a good answer', () => {
  it('merges the prose, keeps the facts and records the model, tokens, latency and cost', async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput('good'));

    const { offline, report, usage } = await run();

    const input = toolInputOf('good');
    expect(report.executiveSummary).toBe(input.executiveSummary);
    expect(report.rootCause.summary).toBe((input.rootCause as { summary: string }).summary);
    expect(report.fiveWhys).toStrictEqual(input.fiveWhys);
    // The model reorders, retitles and explains the engine's fixes: actions and commands stay the engine's.
    const drafted = offline.fixRecommendations.map((f) => `${f.action}|${f.command ?? ''}`);
    for (const fix of report.fixRecommendations)
      expect(drafted).toContain(`${fix.action}|${fix.command ?? ''}`);
    expect(report.fixRecommendations[0]?.title).toBe(
      (input.fixRecommendations as { title: string }[])[0]?.title,
    );
    expect(report.timeline[5]?.title).toBe('payment-service pod OOMKilled');
    expect(report.timeline[3]?.title).toBe(offline.timeline[3]?.title);
    expect(facts(report)).toStrictEqual(facts(offline));
    expect(report.model).toStrictEqual({
      provider: 'bedrock',
      modelId: MODEL_ID,
      inputTokens: 2_811,
      outputTokens: 1_422,
      latencyMs: 0,
      estimatedCostUsd: 0.006799,
    });
    expect(usage).toMatchObject({ calls: 1, inputTokens: 2_811, outputTokens: 1_422 });
    expect(parseReport(report).ok).toBe(true);
    expect(checkNamed(report, 'model-synthesis')).toMatchObject({ passed: true });
    expect(checkNamed(report, 'model-grounding')).toMatchObject({ passed: true });
    expect(checkNamed(report, 'model-fields-replaced')).toMatchObject({ passed: true });
    expect(checkNamed(report, 'schema-valid')).toMatchObject({ passed: true });
    expect(checkNamed(report, 'one-confidence')).toMatchObject({ passed: true });
    expect(report.quality.grounded).toBe(true);
    expect(report.reasoningTrail.at(-1)).toMatchObject({
      kind: 'DECISION',
      step: report.reasoningTrail.length,
    });
  });

  it('forces the tool through toolConfig and toolChoice, within the budget', async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput('good'));

    await run();

    const [input, ...more] = sentInputs();
    expect(more).toHaveLength(0);
    expect(input?.modelId).toBe(MODEL_ID);
    expect(input?.toolConfig?.toolChoice).toStrictEqual({ tool: { name: 'write_incident_narrative' } });
    const spec = input?.toolConfig?.tools?.[0]?.toolSpec;
    expect(spec?.name).toBe('write_incident_narrative');
    expect(spec?.inputSchema?.json).toMatchObject({ type: 'object', additionalProperties: false });
    expect(JSON.stringify(spec?.inputSchema?.json)).not.toMatch(/"severity"|"faultClass"|"affectedServices"/);
    const text = JSON.stringify(input);
    expect(estimateTokens(text)).toBeLessThan(8_000);
  });
});

describe('synthesizeWithModel: answers that fail validation', () => {
  it('replaces prose naming a service absent from the logs, after one repair round, and says so', async () => {
    bedrock
      .on(ConverseCommand)
      .resolvesOnce(converseOutput('unknown-service'))
      .resolves(converseOutput('unknown-service'));

    const { offline, report, usage } = await run();

    expect(usage.calls).toBe(2);
    const repair = sentInputs()[1]?.messages?.[0]?.content?.[0]?.text ?? '';
    expect(repair).toContain('Your previous answer was rejected');
    expect(repair).toContain('inventory-service');
    expect(report.executiveSummary).toBe(offline.executiveSummary);
    expect(report.counterfactual).toBe(offline.counterfactual);
    expect(report.fiveWhys).toStrictEqual(toolInputOf('unknown-service').fiveWhys);
    expect(JSON.stringify(prose(report))).not.toContain('inventory-service');
    expect(checkNamed(report, 'model-grounding')).toMatchObject({ passed: false });
    expect(checkNamed(report, 'model-grounding')?.detail).toContain('inventory-service');
    const replaced = checkNamed(report, 'model-fields-replaced');
    expect(replaced?.passed).toBe(false);
    expect(replaced?.detail).toMatch(
      /Kept the offline text for: executiveSummary \(names "inventory-service"/,
    );
    expect(replaced?.detail).toContain('counterfactual');
    expect(facts(report)).toStrictEqual(facts(offline));
    expect(report.model.inputTokens).toBe(2 * 2_811);
  });

  it('uses the repaired answer when the repair round fixes it', async () => {
    bedrock
      .on(ConverseCommand)
      .resolvesOnce(converseOutput('unknown-service'))
      .resolves(converseOutput('good'));

    const { report } = await run();

    expect(report.executiveSummary).toBe(toolInputOf('good').executiveSummary);
    expect(checkNamed(report, 'model-fields-replaced')).toMatchObject({ passed: true });
    // What the first answer got wrong is still on record.
    expect(checkNamed(report, 'model-grounding')).toMatchObject({ passed: false });
    expect(checkNamed(report, 'model-grounding')?.detail).toMatch(
      /^first answer: executiveSummary names "inventory-service"/,
    );
  });

  it.each([
    ['malformed', 'not a JSON object (malformed or truncated JSON)'],
    ['truncated', 'cut at the output token limit'],
    ['text', 'answered with text instead of calling write_incident_narrative'],
  ] as [AnswerName, string][])('keeps the offline narrative for a %s answer', async (name, why) => {
    bedrock.on(ConverseCommand).resolves(converseOutput(name));

    const { offline, report, usage } = await run();

    expect(usage.calls).toBe(2);
    expect(prose(report)).toStrictEqual(prose(offline));
    expect(facts(report)).toStrictEqual(facts(offline));
    expect(checkNamed(report, 'model-fields-replaced')?.detail).toContain(why);
    expect(checkNamed(report, 'model-synthesis')).toMatchObject({ passed: false });
    expect(parseReport(report).ok).toBe(true);
  });

  it('repairs a text answer with a tool call on the second round', async () => {
    bedrock.on(ConverseCommand).resolvesOnce(converseOutput('text')).resolves(converseOutput('good'));

    const { report } = await run();

    expect(report.executiveSummary).toBe(toolInputOf('good').executiveSummary);
    expect(checkNamed(report, 'model-grounding')?.detail).toContain('answered with text');
  });

  it('keeps each field that passed and replaces only the ones that did not', async () => {
    const answer = toolInputOf('good');
    answer.fiveWhys = [1, 2, 3, 4, 5].map(() => ({
      question: 'Why did it fail?',
      answer: 'Because of memory.',
    }));
    answer.severityReason = 'A P2 incident: checkout was slow.';
    bedrock.on(ConverseCommand).resolves(toolAnswer(answer));

    const { offline, report } = await run();

    expect(report.executiveSummary).toBe(answer.executiveSummary);
    expect(report.fiveWhys).toStrictEqual(offline.fiveWhys);
    expect(report.severityReason).toBe(offline.severityReason);
    const detail = checkNamed(report, 'model-fields-replaced')?.detail ?? '';
    expect(detail).toContain('severityReason (states severity P2');
    expect(detail).toMatch(/fiveWhys \(.*repeats/);
  });
});

describe('synthesizeWithModel: a model that cannot answer', () => {
  it("keeps the offline report when Bedrock is still throttling after the SDK client's retries", async () => {
    bedrock
      .on(ConverseCommand)
      .rejects(new ThrottlingException({ message: 'Too many requests', $metadata: { attempts: 4 } }));
    const time = fakeTime();

    const { offline, report, usage } = await run(time);

    // The SDK client retried (its retry mode); the adapter and the synthesis add no retry of their own.
    expect(sentInputs()).toHaveLength(1);
    expect(time.sleeps).toStrictEqual([]);
    expect(usage.calls).toBe(1);
    expect(prose(report)).toStrictEqual(prose(offline));
    expect(report.model).toStrictEqual(offline.model);
    const check = checkNamed(report, 'model-synthesis');
    expect(check?.passed).toBe(false);
    expect(check?.detail).toMatch(/after 4 attempts .*ThrottlingException/);
    expect(check?.detail).toContain('the offline narrative was kept');
    expect(parseReport(report).ok).toBe(true);
  });
});

describe('synthesizeWithModel: facts are the analysis', () => {
  it.each(['good', 'unknown-service', 'truncated', 'malformed', 'text', 'obedient'] as AnswerName[])(
    'keeps root cause, class, affected services and severity for a %s answer',
    async (name) => {
      bedrock.on(ConverseCommand).resolves(converseOutput(name));

      const { offline, report } = await run();

      expect(facts(report)).toStrictEqual(facts(offline));
      expect(report.rootCause).toMatchObject({
        service: 'payment-service',
        faultClass: 'memory_exhaustion',
        confidence: offline.rootCause.confidence,
      });
      expect(report.severity).toBe('P1');
      expect(parseReport(report).ok).toBe(true);
    },
  );

  it('rejects an answer that obeys an instruction in the logs, and says what it got wrong', async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput('obedient'));

    const { offline, report } = await run();

    expect(report.executiveSummary).toBe(offline.executiveSummary);
    expect(report.rootCause.summary).toBe(offline.rootCause.summary);
    expect(report.severityReason).toBe(offline.severityReason);
    expect(report.fiveWhys).toStrictEqual(offline.fiveWhys);
    const grounding = checkNamed(report, 'model-grounding')?.detail ?? '';
    expect(grounding).toContain('names checkout-gateway as the root cause');
    expect(grounding).toContain('calls it "DNS failure"');
    expect(grounding).toContain('states severity P4');
    expect(grounding).toMatch(/severity is not a narrative field.*\(ignored\)/);
    expect(grounding).toMatch(/rootCause Unrecognized keys: "service", "faultClass"/);
  });
});

describe('synthesizeWithModel: input tokens per request', () => {
  /** The estimate of what was actually sent: system text, messages and the tool. */
  function sentTokens(input: ConverseCommandInput): number {
    const spec = input.toolConfig?.tools?.[0]?.toolSpec;
    return estimateRequestTokens({
      system: input.system?.map((s) => s.text ?? '').join('\n') ?? '',
      messages: (input.messages ?? []).map((m) => ({
        role: m.role === 'assistant' ? 'assistant' : 'user',
        text: (m.content ?? []).map((c) => c.text ?? '').join('\n'),
      })),
      tool: {
        name: spec?.name ?? '',
        description: spec?.description ?? '',
        inputSchema: (spec?.inputSchema?.json ?? {}) as Record<string, unknown>,
      },
    });
  }

  it.each([
    ['1,000', () => analyzedReport(1_000)],
    ['1,000,000', () => millionEventReport()],
  ])('stay under the 8,000-token budget for %s events, repair round included', async (_, build) => {
    bedrock
      .on(ConverseCommand)
      .resolvesOnce(converseOutput('unknown-service'))
      .resolves(converseOutput('good'));
    const time = fakeTime();
    const offline = build();

    const { report, usage } = await synthesizeWithModel(offline, bedrockModel(time), {
      modelId: MODEL_ID,
      clock: time.clock,
    });

    const sent = sentInputs();
    expect(sent).toHaveLength(2);
    for (const input of sent) expect(sentTokens(input)).toBeLessThanOrEqual(8_000);
    expect(usage.estimatedInputTokens).toBeLessThanOrEqual(8_000);
    expect(checkNamed(report, 'model-prompt-budget')).toMatchObject({ passed: true });
    expect(facts(report)).toStrictEqual(facts(offline));
  });
});

describe('modelSynthesis (the CLI entry)', () => {
  it('writes the narrative with the model the composition built on the standard SDK configuration', async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput('good'));
    const modelId = 'us.amazon.nova-lite-v1:0';

    const report = await modelSynthesis(d02Report(), { client: createBedrockModel(modelId), modelId });

    expect(sentInputs()[0]?.modelId).toBe('us.amazon.nova-lite-v1:0');
    expect(report.model).toMatchObject({ provider: 'bedrock', modelId: 'us.amazon.nova-lite-v1:0' });
    expect(report.executiveSummary).toBe(toolInputOf('good').executiveSummary);
  });
});
