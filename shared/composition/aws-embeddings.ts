import { createBedrockRuntimeClient } from '../adapters/aws/bedrock-model-client.ts';
import { BedrockTitanEmbeddings } from '../adapters/aws/bedrock-titan-embeddings.ts';
import type { PortFactory } from './aws-step.ts';
import { SDK_RETRY } from './sdk-retry.ts';

/** Where Bedrock is enabled, Titan embeddings refine the lexical similarity of past incidents. */
export const titanEmbeddings: PortFactory<'embeddings'> = ({ config, hook }) =>
  config.synthesizer === 'bedrock'
    ? { embeddings: new BedrockTitanEmbeddings({ client: hook(createBedrockRuntimeClient(SDK_RETRY)) }) }
    : {};
