import * as z from 'zod';
import { ENV } from '../deployment/environment-names.ts';
import { type StageLogGroups, stageLogGroupsSchema } from '../deployment/log-groups.ts';
import { DEFAULT_BEDROCK_MODEL_ID } from '../deployment/model-ids.ts';
import { ConfigurationError } from '../domain/errors.ts';

const windowsSchema = z
  .object({
    incidentMinutes: z.number().positive(),
    lookbackMinutes: z.number().positive(),
    tailMinutes: z.number().nonnegative(),
  })
  .partial();

/**
 * The Lambda functions' configuration, set by the CDK stack as environment variables (names in the
 * deployment contract). Parsed once per cold start; a missing variable is a deployment error,
 * reported by name.
 */
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
    if (!value) throw new ConfigurationError(`environment variable ${name} is not set`);
    return value;
  };
  const json = (name: string): unknown => {
    const value = env[name];
    if (!value) return {};
    try {
      return JSON.parse(value);
    } catch {
      throw new ConfigurationError(`environment variable ${name} is not valid JSON`);
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
    bedrockModelId: env[ENV.bedrockModelId] ?? DEFAULT_BEDROCK_MODEL_ID,
    consoleUrl: env[ENV.consoleUrl] ?? null,
  };
}
