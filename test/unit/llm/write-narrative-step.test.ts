import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryBlobStore } from '../../../shared/adapters/local/memory-blob-store.ts';
import type { MetricName } from '../../../shared/deployment/metric-names.ts';
import type { Report } from '../../../shared/domain/report.ts';
import type { MetricsRecorder } from '../../../shared/ports/metrics.ts';
import type { ModelClient, ModelRequest, ModelResponse } from '../../../shared/ports/model-client.ts';
import type { WorkflowDeps } from '../../../shared/workflow/deps.ts';
import { writeNarrative } from '../../../shared/workflow/steps/write-narrative.ts';
import { bedrockModel, checkNamed, converseOutput, d02Report, facts, toolInputOf } from './helpers.ts';

const bedrock = mockClient(BedrockRuntimeClient);
beforeEach(() => bedrock.reset());
afterAll(() => bedrock.restore());

/** Records every count, in order. */
class RecordingMetrics implements MetricsRecorder {
  readonly counts: { name: MetricName; dimensions: Record<string, string> | undefined }[] = [];
  count(name: MetricName, dimensions?: Record<string, string>): void {
    this.counts.push({ name, dimensions });
  }
}

/** A model that answers from a script and records what it was asked. */
class ScriptedModel implements ModelClient {
  readonly requests: ModelRequest[] = [];
  constructor(private readonly answer: () => Promise<ModelResponse>) {}
  converse(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request);
    return this.answer();
  }
}

const good = async (): Promise<ModelResponse> => ({
  toolInput: toolInputOf('good'),
  stopReason: 'tool_use',
  usage: { inputTokens: 2_500, outputTokens: 1_200 },
  latencyMs: 3_100,
});

async function runStep(model?: ModelClient, modelId = 'amazon.nova-lite-v1:0') {
  const blobs = new MemoryBlobStore();
  const metrics = new RecordingMetrics();
  const offline = d02Report();
  await blobs.put(
    'incidents/INC-0a59a8a9/offline-report.json',
    JSON.stringify({ report: offline, signature: [] }),
  );
  const deps = {
    blobs,
    metrics,
    clock: () => 0,
    ...(model ? { model: { client: model, modelId } } : {}),
  } as unknown as WorkflowDeps;
  const state = await writeNarrative.run(
    {
      incidentId: 'INC-0a59a8a9',
      alarmKey: 'a',
      offlineReportKey: 'incidents/INC-0a59a8a9/offline-report.json',
    },
    deps,
  );
  const report = JSON.parse(await blobs.get(state.reportKey ?? '')) as Report;
  return { offline, report, metrics: metrics.counts };
}

describe('the write-narrative step', () => {
  it('keeps the offline report when no model is configured, which is no fallback', async () => {
    const { offline, report, metrics } = await runStep();
    expect(report.executiveSummary).toBe(offline.executiveSummary);
    expect(report.model.provider).toBe('offline');
    expect(metrics).toEqual([]);
  });

  it('has the configured model write the narrative, facts unchanged', async () => {
    const model = new ScriptedModel(good);

    const { offline, report, metrics } = await runStep(model);

    expect(metrics).toEqual([]);
    expect(model.requests).toHaveLength(1);
    expect(report.executiveSummary).toBe(toolInputOf('good').executiveSummary);
    expect(report.model).toMatchObject({
      provider: 'bedrock',
      modelId: 'amazon.nova-lite-v1:0',
      inputTokens: 2_500,
      outputTokens: 1_200,
      latencyMs: 3_100,
    });
    expect(report.model.estimatedCostUsd).toBeCloseTo(0.000438, 6);
    expect(facts(report)).toStrictEqual(facts(offline));
  });

  it('still writes the offline report when the model fails', async () => {
    const model = new ScriptedModel(async () => {
      throw new Error('AccessDeniedException: not authorized to perform bedrock:InvokeModel');
    });

    const { offline, report, metrics } = await runStep(model);

    expect(report.executiveSummary).toBe(offline.executiveSummary);
    expect(checkNamed(report, 'model-synthesis')).toMatchObject({ passed: false });
    expect(checkNamed(report, 'model-synthesis')?.detail).toContain('not authorized');
    expect(metrics).toEqual([{ name: 'ModelFallback', dimensions: { ModelId: 'amazon.nova-lite-v1:0' } }]);
  });
});

describe('the write-narrative step on the Bedrock adapter (mocked Converse)', () => {
  it('counts a ModelFallback when Bedrock refuses the call', async () => {
    bedrock.on(ConverseCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: bedrock:InvokeModel'), {
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
    );

    const { offline, report, metrics } = await runStep(bedrockModel(), 'amazon.nova-pro-v1:0');

    expect(bedrock.commandCalls(ConverseCommand).length).toBeGreaterThan(0);
    expect(report.model.provider).toBe('offline');
    expect(facts(report)).toStrictEqual(facts(offline));
    expect(metrics).toEqual([{ name: 'ModelFallback', dimensions: { ModelId: 'amazon.nova-pro-v1:0' } }]);
  });

  it('says in one line that model access is not granted, keeps the offline text and counts a ModelFallback', async () => {
    bedrock.on(ConverseCommand).rejects(
      Object.assign(new Error("You don't have access to the model with the specified model ID."), {
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      }),
    );

    const { offline, report, metrics } = await runStep(
      bedrockModel(undefined, 'eu.amazon.nova-pro-v1:0'),
      'eu.amazon.nova-pro-v1:0',
    );

    expect(report.model.provider).toBe('offline');
    expect(facts(report)).toStrictEqual(facts(offline));
    const why = report.quality.checks.find((c) => c.name === 'model-synthesis')?.detail ?? '';
    expect(why).not.toContain('\n');
    expect(why).toMatch(
      /model access to eu\.amazon\.nova-pro-v1:0 is not granted in this account.*Model access/,
    );
    expect(metrics).toEqual([{ name: 'ModelFallback', dimensions: { ModelId: 'eu.amazon.nova-pro-v1:0' } }]);
  });

  it('counts a ModelFallback when no answer, repaired or not, is usable', async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput('text'));

    const { report, metrics } = await runStep(bedrockModel(), 'amazon.nova-pro-v1:0');

    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(2);
    expect(report.model.provider).toBe('offline');
    expect(metrics).toEqual([{ name: 'ModelFallback', dimensions: { ModelId: 'amazon.nova-pro-v1:0' } }]);
  });

  it('counts nothing when the model writes the narrative', async () => {
    bedrock.on(ConverseCommand).resolves(converseOutput('good'));

    const { report, metrics } = await runStep(bedrockModel(), 'amazon.nova-pro-v1:0');

    expect(report.model.provider).toBe('bedrock');
    expect(metrics).toEqual([]);
  });
});
