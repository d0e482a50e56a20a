import { readFileSync } from 'node:fs';
import { BedrockRuntimeClient, type ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { BedrockModelClient } from '../../../shared/adapters/aws/bedrock-model-client.ts';
import type { Report } from '../../../shared/domain/report.ts';

const FIXTURES = new URL('../../fixtures/bedrock/', import.meta.url);

/** The offline report of scenario d02 (payment-service OOM after v2.4.1), a fresh copy each call. */
export function d02Report(): Report {
  return JSON.parse(readFileSync(new URL('d02-offline-report.json', FIXTURES), 'utf8')) as Report;
}

export type AnswerName = 'good' | 'unknown-service' | 'truncated' | 'malformed' | 'text' | 'obedient';

/** A recorded-style Converse response (`<name>-answer.json`). */
export function converseOutput(name: AnswerName): ConverseCommandOutput {
  return JSON.parse(readFileSync(new URL(`${name}-answer.json`, FIXTURES), 'utf8')) as ConverseCommandOutput;
}

/** The tool input of a recorded answer, to build variants of it. */
export function toolInputOf(name: AnswerName): Record<string, unknown> {
  const input = converseOutput(name).output?.message?.content?.find((c) => c.toolUse)?.toolUse?.input;
  return JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
}

/** A Converse response whose tool input is `input`. */
export function toolAnswer(
  input: unknown,
  usage = { inputTokens: 2_800, outputTokens: 1_400 },
): ConverseCommandOutput {
  return {
    $metadata: { httpStatusCode: 200 },
    output: {
      message: {
        role: 'assistant',
        content: [
          { toolUse: { toolUseId: 'tooluse_1', name: 'write_incident_narrative', input: input as never } },
        ],
      },
    },
    stopReason: 'tool_use',
    usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
    metrics: { latencyMs: 3_000 },
  };
}

/** A clock that moves only when someone sleeps (or `advance` is called); nothing really waits. */
export function fakeTime(start = 1_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** The real Bedrock adapter on a (mocked) SDK client, with fake time. */
export function bedrockModel(time = fakeTime(), modelId = 'amazon.nova-pro-v1:0'): BedrockModelClient {
  return new BedrockModelClient({
    client: new BedrockRuntimeClient({ region: 'us-east-1' }),
    modelId,
    clock: time.clock,
  });
}

/** The narrative parts of a report, to compare what a model changed. */
export { narrativeOf as prose } from '../../../shared/llm/model-quality.ts';

/** The facts a model may never change. */
export function facts(report: Report) {
  return {
    severity: report.severity,
    inconclusive: report.inconclusive,
    rootService: report.rootCause.service,
    faultClass: report.rootCause.faultClass,
    confidence: report.rootCause.confidence,
    affectedServices: report.affectedServices,
    timeline: report.timeline.map((t) => [t.at, t.service, t.level]),
    evidence: report.evidence,
    forensics: report.forensics,
  };
}

export function checkNamed(report: Report, name: string) {
  return report.quality.checks.find((c) => c.name === name);
}
