/** The Bedrock model that writes the narrative unless the stage or the command line names another. */
export const DEFAULT_BEDROCK_MODEL_ID = 'amazon.nova-pro-v1:0';

/** The embeddings model that refines the similarity of past incidents where Bedrock is enabled. */
export const TITAN_EMBED_MODEL = 'amazon.titan-embed-text-v2:0';
