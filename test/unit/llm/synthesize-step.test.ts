import { describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/domain/report.ts';
import type { BlobStore } from '../../../shared/ports/blob-store.ts';
import type { ModelClient, ModelRequest, ModelResponse } from '../../../shared/ports/model-client.ts';
import type { WorkflowDeps } from '../../../shared/workflow/deps.ts';
import { synthesize } from '../../../shared/workflow/handlers/synthesize.ts';
import { checkNamed, d02Report, facts, toolInputOf } from './helpers.ts';

class MemoryBlobs implements BlobStore {
  readonly objects = new Map<string, string>();
  async put(key: string, body: string): Promise<void> {
    this.objects.set(key, body);
  }
  async get(key: string): Promise<string> {
    const body = this.objects.get(key);
    if (body === undefined) throw new Error(`no object ${key}`);
    return body;
  }
  locate(key: string): string {
    return `memory://${key}`;
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

async function runStep(model?: ModelClient) {
  const blobs = new MemoryBlobs();
  const offline = d02Report();
  await blobs.put('incidents/INC-0a59a8a9/evidence.json', JSON.stringify({ report: offline, signature: [] }));
  const deps = {
    blobs,
    clock: () => 0,
    ...(model ? { model: { client: model, modelId: 'amazon.nova-lite-v1:0' } } : {}),
  } as unknown as WorkflowDeps;
  const state = await synthesize(
    { incidentId: 'INC-0a59a8a9', alarmKey: 'a', evidenceKey: 'incidents/INC-0a59a8a9/evidence.json' },
    deps,
  );
  const report = JSON.parse(await blobs.get(state.reportKey ?? '')) as Report;
  return { offline, report };
}

describe('the synthesize step', () => {
  it('keeps the offline report when no model is configured', async () => {
    const { offline, report } = await runStep();
    expect(report.executiveSummary).toBe(offline.executiveSummary);
    expect(report.model.provider).toBe('offline');
  });

  it('has the configured model write the narrative, facts unchanged', async () => {
    const model = new ScriptedModel(good);

    const { offline, report } = await runStep(model);

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

    const { offline, report } = await runStep(model);

    expect(report.executiveSummary).toBe(offline.executiveSummary);
    expect(checkNamed(report, 'model-synthesis')).toMatchObject({ passed: false });
    expect(checkNamed(report, 'model-synthesis')?.detail).toContain('not authorized');
  });
});
