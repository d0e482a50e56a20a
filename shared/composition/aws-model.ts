import { BedrockModelClient, createBedrockRuntimeClient } from '../adapters/aws/bedrock-model-client.ts';
import type { ClientHook, PortFactory } from './aws-step.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/** The configured Bedrock model, where the synthesizer is `bedrock`; none otherwise (the offline text stays). */
export const bedrockModel: PortFactory<'model'> = ({ config, hook }) =>
  config.synthesizer === 'bedrock'
    ? { model: { client: createBedrockModel(config.bedrockModelId, hook), modelId: config.bedrockModelId } }
    : {};

/** A Bedrock model (Converse) with the standard SDK configuration, for write-narrative and the CLI's `--synthesizer bedrock`. */
export function createBedrockModel(modelId: string, hook: ClientHook = (c) => c): BedrockModelClient {
  return new BedrockModelClient({ client: hook(createBedrockRuntimeClient(SDK_RETRY)), modelId });
}
