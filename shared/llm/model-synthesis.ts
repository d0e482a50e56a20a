import type { Report } from '../domain/report.ts';
import type { ModelClient } from '../ports/model-client.ts';
import { synthesizeWithModel } from './synthesize.ts';

/**
 * The report's narrative written by the given model (the caller's composition builds the client,
 * Bedrock for the CLI's `--synthesizer bedrock`), so `shared/llm` needs no SDK and no composition.
 * Never rejects because of the model: a failure leaves the offline narrative, with a quality check
 * that says why.
 */
export async function modelSynthesis(
  report: Report,
  model: { client: ModelClient; modelId: string },
): Promise<Report> {
  const { report: written } = await synthesizeWithModel(report, model.client, {
    modelId: model.modelId,
    clock: () => performance.now(),
  });
  return written;
}
