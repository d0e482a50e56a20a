import * as z from 'zod';

/**
 * The typed stage configuration of the CDK app, read from CDK context (`cdk.json` or `-c key=value`).
 *
 * Precedence, lowest first: the defaults below, the `stages.<stage>` block of the context (so one
 * `cdk.json` can hold dev and prod), then each top-level context key. Values given with `-c` arrive
 * as strings: lists may be comma-separated or JSON, objects are JSON.
 */

export const SYNTHESIZERS = ['offline', 'bedrock'] as const;

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Reports move to S3 Standard-IA after this many days (the bucket's lifecycle rule). */
export const REPORT_IA_TRANSITION_DAYS = 90;

/** Raw incident data (events, evidence) under `incidents/` expires after this many days by default. */
export const RAW_DATA_EXPIRATION_DAYS = 30;

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

const logGroupName = z.string().regex(LOG_GROUP_NAME, 'not a CloudWatch Logs log group name');

const logGroupsSchema = z.strictObject({
  /** Alarm name, or a prefix ending in `*`, to the log groups of the alarms it matches. */
  alarmLogGroups: z.record(z.string().min(1), z.array(logGroupName)).default({}),
  /** Read when nothing more specific names a log group. */
  defaultLogGroups: z.array(logGroupName).default([]),
});

const windowsSchema = z
  .strictObject({
    incidentMinutes: z.number().positive(),
    lookbackMinutes: z.number().positive(),
    tailMinutes: z.number().nonnegative(),
  })
  .partial();

/** A context value as given: `-c` makes strings of everything, `cdk.json` keeps JSON types. */
function parseJsonish(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^[[{]/.test(text) || /^-?\d+(\.\d+)?$/.test(text) || text === 'true' || text === 'false') {
    try {
      return JSON.parse(text);
    } catch {
      return value;
    }
  }
  return value;
}

/** A list given as a JSON array, a comma-separated string, or a single string. */
function parseList(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.trim().startsWith('[')) return parseJsonish(value);
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const list = z.preprocess(parseList, z.array(z.string().min(1)));
const json = <T extends z.ZodType>(schema: T) => z.preprocess(parseJsonish, schema);
const integer = z.preprocess(parseJsonish, z.number().int());
/** A Slack or Teams id as Chatbot shows it (letters, digits and the `-:@._` of Teams ids). */
const chatId = z
  .string()
  .regex(/^[A-Za-z0-9][-A-Za-z0-9:@._%]{0,255}$/, 'not a chat workspace, team or channel id');

/** Both Slack values or neither; the three Teams values or none. */
function chatTogether(config: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const groups = {
    Slack: ['slackWorkspaceId', 'slackChannelId'],
    Teams: ['teamsTenantId', 'teamsTeamId', 'teamsChannelId'],
  };
  for (const [chat, keys] of Object.entries(groups)) {
    const given = keys.filter((key) => config[key] !== undefined);
    if (given.length > 0 && given.length < keys.length) {
      ctx.addIssue({
        code: 'custom',
        path: keys.filter((key) => !given.includes(key)).slice(0, 1),
        message: `${chat} needs ${keys.join(' and ')} together`,
      });
    }
  }
}

export const stageConfigSchema = z
  .strictObject({
    /** Names the stack (`IncidentIQ-<stage>`) and the analyzer's own alarms. */
    stage: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,19}$/,
        'lower-case letters, digits and dashes, at most 20, starting with a letter',
      )
      .default('dev'),
    /** Alarm name prefixes to analyze; empty means every alarm in the account and region. */
    alarmNamePrefixes: list.default([]),
    /** Subscribed to the notification topic (the address must confirm the subscription). */
    notificationEmail: z.preprocess(parseJsonish, z.email().optional()),
    /** Which log groups an alarm reads; also the scope of the analyzer's CloudWatch Logs permissions. */
    logGroups: json(logGroupsSchema).default({ alarmLogGroups: {}, defaultLogGroups: [] }),
    /**
     * The Bedrock model or inference profile id (a geographic prefix such as `eu.` selects a profile).
     * Unset: the default model's inference profile of the stack's region (see infra/bedrock-model.ts).
     */
    bedrockModelId: z.string().min(1).optional(),
    /** `bedrock` calls the model (and grants access to it); `offline` writes the deterministic report. */
    synthesizer: z.enum(SYNTHESIZERS).default('bedrock'),
    /** AWS Chatbot: the Slack workspace authorized in the Chatbot console, and the channel to post to. */
    slackWorkspaceId: chatId.optional(),
    slackChannelId: chatId.optional(),
    /** AWS Chatbot: the Microsoft Teams tenant and team authorized in the Chatbot console, and the channel. */
    teamsTenantId: chatId.optional(),
    teamsTeamId: chatId.optional(),
    teamsChannelId: chatId.optional(),
    /** Reports are deleted after this many days; 0 keeps them forever. */
    reportRetentionDays: integer
      .refine((days) => days === 0 || days > REPORT_IA_TRANSITION_DAYS, {
        message: `0 (keep forever) or more than the ${REPORT_IA_TRANSITION_DAYS} days after which reports move to Standard-IA`,
      })
      .default(365),
    /** Raw incident data under `incidents/` (the fetched events, the evidence) is deleted after this many days. */
    rawDataRetentionDays: integer
      .refine((days) => days >= 1, { message: 'at least 1 day' })
      .default(RAW_DATA_EXPIRATION_DAYS),
    /** Retention of the analyzer's own log groups (functions and state machine). */
    logRetentionDays: integer
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    /** The analysis windows around the alarm time, in minutes (the functions' defaults otherwise). */
    windows: json(windowsSchema).default({}),
  })
  .superRefine(chatTogether);

export type StageConfig = z.infer<typeof stageConfigSchema>;
export type StageLogGroups = StageConfig['logGroups'];

/** The context keys the app reads, besides `stage` and `stages`. */
export const CONFIG_KEYS = [
  'alarmNamePrefixes',
  'notificationEmail',
  'logGroups',
  'bedrockModelId',
  'synthesizer',
  'reportRetentionDays',
  'rawDataRetentionDays',
  'logRetentionDays',
  'windows',
  'slackWorkspaceId',
  'slackChannelId',
  'teamsTenantId',
  'teamsTeamId',
  'teamsChannelId',
] as const satisfies readonly (keyof StageConfig)[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the stage config through `context` (typically `(key) => app.node.tryGetContext(key)`).
 * Throws one error naming every invalid value.
 */
export function readStageConfig(context: (key: string) => unknown): StageConfig {
  const stage = parseJsonish(context('stage')) ?? 'dev';
  const stages = parseJsonish(context('stages'));
  const block = isRecord(stages) && typeof stage === 'string' ? stages[stage] : undefined;
  const raw: Record<string, unknown> = { ...(isRecord(block) ? block : {}), stage };
  for (const key of CONFIG_KEYS) {
    const value = context(key);
    if (value !== undefined) raw[key] = value;
  }
  const result = stageConfigSchema.safeParse(raw);
  if (!result.success) throw new Error(`invalid IncidentIQ stage config:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Every log group the configuration names, sorted and without duplicates. */
export function configuredLogGroups(logGroups: StageLogGroups): string[] {
  const all = [...Object.values(logGroups.alarmLogGroups).flat(), ...logGroups.defaultLogGroups];
  return [...new Set(all)].sort();
}
