import type {
  ContentBlock,
  ConverseCommandInput,
  ConverseCommandOutput,
  ToolInputSchema,
} from '@aws-sdk/client-bedrock-runtime';
import type { ModelRequest, ModelResponse, ModelStopReason } from '../../ports/model-client.ts';

/** The Converse request of a model request: the tool is forced with `toolChoice: { tool: { name } }`. */
export function toConverseInput(modelId: string, request: ModelRequest): ConverseCommandInput {
  return {
    modelId,
    system: [{ text: request.system }],
    messages: request.messages.map((m) => ({ role: m.role, content: [{ text: m.text }] })),
    inferenceConfig: { maxTokens: request.maxTokens, temperature: request.temperature },
    toolConfig: {
      tools: [
        {
          toolSpec: {
            name: request.tool.name,
            description: request.tool.description,
            inputSchema: { json: request.tool.inputSchema as ToolInputSchema.JsonMember['json'] },
          },
        },
      ],
      toolChoice: { tool: { name: request.tool.name } },
    },
  };
}

const STOP_REASONS: Readonly<Record<string, ModelStopReason>> = {
  tool_use: 'tool_use',
  end_turn: 'end_turn',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  content_filtered: 'content_filtered',
  guardrail_intervened: 'guardrail_intervened',
  malformed_model_output: 'malformed_output',
  malformed_tool_use: 'malformed_output',
};

/** The provider-neutral response of a Converse output. */
export function fromConverseOutput(output: ConverseCommandOutput, latencyMs: number): ModelResponse {
  const content: ContentBlock[] = output.output?.message?.content ?? [];
  const toolUse = content.find((block) => block.toolUse !== undefined)?.toolUse;
  const text = content
    .map((block) => block.text)
    .filter((t): t is string => typeof t === 'string' && t.length > 0)
    .join('\n');
  const response: ModelResponse = {
    stopReason: STOP_REASONS[output.stopReason ?? ''] ?? 'other',
    usage: {
      inputTokens: output.usage?.inputTokens ?? 0,
      outputTokens: output.usage?.outputTokens ?? 0,
    },
    latencyMs: Math.max(0, Math.round(latencyMs)),
  };
  if (toolUse) response.toolInput = parseToolInput(toolUse.input);
  if (text) response.text = text;
  return response;
}

/** Some models hand the tool input back as a JSON string; malformed text is returned as it is. */
function parseToolInput(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return input;
  }
}
