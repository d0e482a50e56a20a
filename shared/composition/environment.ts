import { z } from 'zod';

/**
 * The Lambda functions' configuration, set by the CDK stack as environment variables. Parsed once
 * per cold start; a missing variable is a deployment error, reported by name.
 */
export const ENV = {
  reportBucket: 'REPORT_BUCKET',
  topicArn: 'TOPIC_ARN',
  /** The topic AWS Chatbot reads; unset: no chat message is sent. */
  chatTopicArn: 'CHAT_TOPIC_ARN',
  incidentTable: 'INCIDENT_TABLE',
  stateMachineArn: 'STATE_MACHINE_ARN',
  /** JSON: { alarmLogGroups: { "<alarm name or prefix*>": ["/group", ...] }, defaultLogGroups: [...] }. */
  logGroupsConfig: 'LOG_GROUPS_CONFIG',
  /** JSON: { incidentMinutes, lookbackMinutes, tailMinutes }. */
  windowsConfig: 'WINDOWS_CONFIG',
  synthesizer: 'SYNTHESIZER',
  bedrockModelId: 'BEDROCK_MODEL_ID',
  consoleUrl: 'CONSOLE_URL',
} as const;

const stageLogGroupsSchema = z.object({
  alarmLogGroups: z.record(z.string(), z.array(z.string())).default({}),
  defaultLogGroups: z.array(z.string()).default([]),
});
export type StageLogGroups = z.infer<typeof stageLogGroupsSchema>;

const windowsSchema = z
  .object({
    incidentMinutes: z.number().positive(),
    lookbackMinutes: z.number().positive(),
    tailMinutes: z.number().nonnegative(),
  })
  .partial();

export interface FunctionConfig {
  reportBucket: string;
  topicArn: string;
  chatTopicArn: string | null;
  incidentTable: string;
  stateMachineArn: string;
  logGroups: StageLogGroups;
  windows: z.infer<typeof windowsSchema>;
  synthesizer: 'offline' | 'bedrock';
  bedrockModelId: string;
  consoleUrl: string | null;
}

export function readFunctionConfig(env: Record<string, string | undefined>): FunctionConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is not set`);
    return value;
  };
  const json = (name: string): unknown => {
    const value = env[name];
    if (!value) return {};
    try {
      return JSON.parse(value);
    } catch {
      throw new Error(`environment variable ${name} is not valid JSON`);
    }
  };
  return {
    reportBucket: required(ENV.reportBucket),
    topicArn: required(ENV.topicArn),
    chatTopicArn: env[ENV.chatTopicArn] || null,
    incidentTable: required(ENV.incidentTable),
    stateMachineArn: env[ENV.stateMachineArn] ?? '',
    logGroups: stageLogGroupsSchema.parse(json(ENV.logGroupsConfig)),
    windows: windowsSchema.parse(json(ENV.windowsConfig)),
    synthesizer: env[ENV.synthesizer] === 'bedrock' ? 'bedrock' : 'offline',
    bedrockModelId: env[ENV.bedrockModelId] ?? 'amazon.nova-pro-v1:0',
    consoleUrl: env[ENV.consoleUrl] ?? null,
  };
}
