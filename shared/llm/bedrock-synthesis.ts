import type { Report } from '../domain/report.ts';
import { synthesizeWithModel } from './synthesize.ts';

export const DEFAULT_MODEL_ID = 'amazon.nova-pro-v1:0';

/**
 * For the CLI's `--synthesizer bedrock`: the report's narrative written by a Bedrock model with the
 * SDK's standard configuration (credentials, region, `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`). The
 * composition root creates the client, loaded only when this is called, so the rest of
 * `shared/llm` stays free of the SDK. Never rejects because of the model: a failure leaves the
 * offline narrative, with a quality check that says why.
 */
export async function bedrockSynthesis(report: Report, modelId: string = DEFAULT_MODEL_ID): Promise<Report> {
  const { createBedrockModel } = await import('../composition/aws.ts');
  const { report: written } = await synthesizeWithModel(report, createBedrockModel(modelId), {
    modelId,
    clock: () => performance.now(),
  });
  return written;
}
