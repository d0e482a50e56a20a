import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
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
      bedrockModelId: 'amazon.nova-pro-v1:0',
      synthesizer: 'offline',
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
    expect(bedrockModelArns(stack, 'amazon.nova-pro-v1:0')).toEqual([
      'arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0',
    ]);
  });

  it('names the inference profile and its model in every region for a geographic id', () => {
    expect(bedrockModelArns(stack, 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0')).toEqual([
      'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
      'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0',
    ]);
  });

  it('takes a full ARN as given', () => {
    const arn = 'arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc123';
    expect(bedrockModelArns(stack, arn)).toEqual([arn]);
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
