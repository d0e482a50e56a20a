/**
 * The names of the environment variables the CDK stack sets and the functions read: one spelling
 * for both sides of the deployment.
 */

/** The analysis functions' configuration (parsed by `shared/composition/environment.ts`). */
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

/** The console Lambda's Cognito settings. */
export const CONSOLE_AUTH_ENV = {
  domainUrl: 'CONSOLE_AUTH_DOMAIN_URL',
  clientId: 'CONSOLE_AUTH_CLIENT_ID',
  userPoolId: 'CONSOLE_AUTH_USER_POOL_ID',
  region: 'CONSOLE_AUTH_REGION',
} as const;

/** The console Lambda's keys: the ARN of each key's secret (never the key itself). */
export const CONSOLE_KEY_ENV = {
  session: 'CONSOLE_SESSION_KEY_ARN',
  state: 'CONSOLE_STATE_KEY_ARN',
  feedback: 'CONSOLE_FEEDBACK_KEY_ARN',
} as const;

export type KeyPurpose = keyof typeof CONSOLE_KEY_ENV;
