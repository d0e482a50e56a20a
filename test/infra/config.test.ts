import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  chooseBedrockModel,
  DEFAULT_FOUNDATION_MODEL,
  PROFILE_DESTINATIONS,
} from '../../infra/bedrock-model.ts';
import { configuredLogGroups, readStageConfig } from '../../infra/config.ts';
import { alarmArns, bedrockModelArns, logGroupArns } from '../../infra/constructs/step-access.ts';
import { cdkContext } from './helpers.ts';

const fromContext = (context: Record<string, unknown>) => readStageConfig((key) => context[key]);

describe('the stage config', () => {
  it('has defaults for everything', () => {
    expect(fromContext({})).toEqual({
      stage: 'dev',
      alarmNamePrefixes: [],
      logGroups: { alarmLogGroups: {}, defaultLogGroups: [] },
      synthesizer: 'bedrock',
      reportRetentionDays: 365,
      rawDataRetentionDays: 30,
      logRetentionDays: 30,
      windows: {},
    });
  });

  it('reads -c strings: comma lists, JSON lists and objects, numbers', () => {
    const config = fromContext({
      stage: 'prod',
      alarmNamePrefixes: 'payments-, checkout-',
      notificationEmail: 'oncall@example.com',
      logGroups: '{"alarmLogGroups":{"payments-*":["/aws/lambda/payments"]},"defaultLogGroups":["/ecs/web"]}',
      synthesizer: 'bedrock',
      reportRetentionDays: '730',
      logRetentionDays: '14',
      windows: '{"incidentMinutes":10}',
    });
    expect(config).toMatchObject({
      stage: 'prod',
      alarmNamePrefixes: ['payments-', 'checkout-'],
      notificationEmail: 'oncall@example.com',
      logGroups: {
        alarmLogGroups: { 'payments-*': ['/aws/lambda/payments'] },
        defaultLogGroups: ['/ecs/web'],
      },
      synthesizer: 'bedrock',
      reportRetentionDays: 730,
      logRetentionDays: 14,
      windows: { incidentMinutes: 10 },
    });
    expect(fromContext({ alarmNamePrefixes: '["a-","b-"]' }).alarmNamePrefixes).toEqual(['a-', 'b-']);
    expect(fromContext({ alarmNamePrefixes: ['a-'] }).alarmNamePrefixes).toEqual(['a-']);
  });

  it('takes the stage block from `stages`, overridden by top-level keys', () => {
    const context = {
      stage: 'prod',
      stages: {
        prod: { alarmNamePrefixes: ['prod-'], synthesizer: 'bedrock' },
        dev: { alarmNamePrefixes: ['dev-'] },
      },
      synthesizer: 'offline',
    };
    expect(fromContext(context)).toMatchObject({ alarmNamePrefixes: ['prod-'], synthesizer: 'offline' });
  });

  it('rejects invalid values, naming them', () => {
    expect(() => fromContext({ synthesizer: 'gpt' })).toThrow(/synthesizer/);
    expect(() => fromContext({ logRetentionDays: 10 })).toThrow(/logRetentionDays/);
    expect(() => fromContext({ reportRetentionDays: 60 })).toThrow(/reportRetentionDays/);
    expect(() => fromContext({ rawDataRetentionDays: 0 })).toThrow(/rawDataRetentionDays/);
    expect(() => fromContext({ notificationEmail: 'not-an-address' })).toThrow(/notificationEmail/);
    expect(() => fromContext({ stage: 'Prod_1' })).toThrow(/stage/);
    expect(() => fromContext({ logGroups: '{"defaultLogGroups":["bad group name"]}' })).toThrow(/logGroups/);
    expect(() => fromContext({ windows: '{"minutes":5}' })).toThrow(/windows/);
    expect(() => fromContext({ slackWorkspaceId: 'T0123' })).toThrow(/slackChannelId/);
    expect(() => fromContext({ teamsTenantId: 'a', teamsChannelId: 'b' })).toThrow(/teamsTeamId/);
    expect(() => fromContext({ slackWorkspaceId: 'T0123', slackChannelId: '<#C0123>' })).toThrow(
      /slackChannelId/,
    );
  });

  it('lists every configured log group once', () => {
    expect(
      configuredLogGroups({
        alarmLogGroups: { 'a*': ['/g/1', '/g/2'], b: ['/g/2'] },
        defaultLogGroups: ['/g/0', '/g/1'],
      }),
    ).toEqual(['/g/0', '/g/1', '/g/2']);
  });
});

describe('the IAM resource ARNs', () => {
  // cdk.json's feature flags make the partition a literal when the region is known.
  const stack = new Stack(new App({ context: cdkContext() }), 'Arns', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });

  it('names the foundation model in this region', () => {
    expect(bedrockModelArns(stack, 'amazon.nova-pro-v1:0')).toEqual({
      resources: ['arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0'],
    });
  });

  it('names a listed inference profile and its model in each region the profile routes to', () => {
    expect(bedrockModelArns(stack, 'eu.amazon.nova-pro-v1:0').resources).toEqual([
      'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-pro-v1:0',
      ...(PROFILE_DESTINATIONS['eu.amazon.nova-pro-v1:0'] ?? []).map(
        (region) => `arn:aws:bedrock:${region}::foundation-model/amazon.nova-pro-v1:0`,
      ),
    ]);
  });

  it('allows the model of an unlisted profile in any region, only through that profile', () => {
    const profile =
      'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0';
    expect(bedrockModelArns(stack, 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0')).toEqual({
      resources: [profile],
      routedThroughProfile: {
        resources: ['arn:aws:bedrock:*::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0'],
        profileArn: profile,
      },
    });
  });

  it('takes a full ARN as given', () => {
    const arn = 'arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc123';
    expect(bedrockModelArns(stack, arn)).toEqual({ resources: [arn] });
  });

  it('names each configured log group and its streams, or every group when none is configured', () => {
    expect(logGroupArns(stack, { alarmLogGroups: {}, defaultLogGroups: ['/aws/lambda/api'] })).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/api',
      'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/api:*',
    ]);
    expect(logGroupArns(stack, { alarmLogGroups: {}, defaultLogGroups: [] })).toEqual([
      'arn:aws:logs:eu-west-1:123456789012:log-group:*',
    ]);
  });

  it('names the alarms by prefix, or all alarms', () => {
    expect(alarmArns(stack, ['payments-'])).toEqual([
      'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:payments-*',
    ]);
    expect(alarmArns(stack, [])).toEqual(['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*']);
  });
});

describe('the default Bedrock model', () => {
  it("is the default model's inference profile of the region's geography", () => {
    expect(chooseBedrockModel('us-west-2', undefined)).toEqual({ modelId: 'us.amazon.nova-pro-v1:0' });
    expect(chooseBedrockModel('eu-central-1', undefined)).toEqual({ modelId: 'eu.amazon.nova-pro-v1:0' });
    expect(chooseBedrockModel('ap-southeast-2', undefined)).toEqual({ modelId: 'apac.amazon.nova-pro-v1:0' });
    // Every listed profile is the default model's profile of some geography, and routes to that geography.
    for (const [profile, regions] of Object.entries(PROFILE_DESTINATIONS)) {
      for (const region of regions) expect(chooseBedrockModel(region, undefined).modelId).toBe(profile);
    }
  });

  it('is the foundation model, with a warning, where no geography is known', () => {
    const choice = chooseBedrockModel('sa-east-1', undefined);
    expect(choice.modelId).toBe(DEFAULT_FOUNDATION_MODEL);
    expect(choice.warning).toMatch(/sa-east-1.*bedrockModelId/);
  });

  it('keeps a configured model, warning when its profile belongs to another geography', () => {
    expect(chooseBedrockModel('eu-west-1', 'amazon.nova-lite-v1:0')).toEqual({
      modelId: 'amazon.nova-lite-v1:0',
    });
    expect(chooseBedrockModel('eu-west-1', 'global.amazon.nova-2-lite-v1:0').warning).toBeUndefined();
    expect(chooseBedrockModel('eu-west-1', 'us.amazon.nova-pro-v1:0').warning).toMatch(
      /us\. inference profile.*eu-west-1/,
    );
  });
});
