/**
 * A language model behind a provider-neutral call: a system text, the conversation, and one tool
 * the model must call, whose input is the structured answer (Bedrock Converse in AWS).
 */
export interface ModelRequest {
  system: string;
  messages: ModelMessage[];
  /** The single tool the model is forced to call; its input is the answer. */
  tool: ModelTool;
  maxTokens: number;
  temperature: number;
  /** How long this call may take, retries included (ms); the client's own deadline applies when shorter. */
  timeoutMs?: number;
}

export interface ModelMessage {
  role: 'user' | 'assistant';
  text: string;
}

export interface ModelTool {
  name: string;
  description: string;
  /** A JSON schema (an object schema) of the tool's input. */
  inputSchema: Record<string, unknown>;
}

/** Why the model stopped; `tool_use` is the expected one, `max_tokens` means the answer was cut. */
export type ModelStopReason =
  | 'tool_use'
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'content_filtered'
  | 'guardrail_intervened'
  | 'malformed_output'
  | 'other';

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ModelResponse {
  /** The tool's input as the model wrote it: parsed JSON, or the raw text when it was not valid JSON. */
  toolInput?: unknown;
  /** Text the model wrote instead of (or besides) calling the tool. */
  text?: string;
  stopReason: ModelStopReason;
  usage: ModelUsage;
  /** Wall time of the call, retries included. */
  latencyMs: number;
}

export interface ModelClient {
  /** Rejects when the model cannot answer in time (throttled, unavailable, refused). */
  converse(request: ModelRequest): Promise<ModelResponse>;
}
