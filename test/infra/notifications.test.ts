import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../shared/deployment/index.ts';
import { buildApp, functionLogicalId, type Json, SYNTH_TIMEOUT_MS } from './helpers.ts';

const EMAIL = { notificationEmail: 'oncall@example.com' };
const SLACK = { ...EMAIL, slackWorkspaceId: 'T0123', slackChannelId: 'C0123' };
const TEAMS = {
  ...EMAIL,
  teamsTenantId: '00000000-1111-2222-3333-444444444444',
  teamsTeamId: '55555555-6666-7777-8888-999999999999',
  teamsChannelId: '19:abc123@thread.tacv2',
};

type Resource = { Type: string; Properties: Record<string, Json> };

/** Synthesizes with cdk-nag and returns the template, the nag findings and the synth error. */
function synthesize(context: Record<string, unknown>) {
  const { app, stack, outdir } = buildApp(context);
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  const file = join(outdir, 'validation-report.json');
  const report = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as {
        pluginReports: { pluginName: string; violations: { ruleName: string }[] }[];
      })
    : { pluginReports: [] };
  const findings = report.pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions')
    .flatMap((r) => r.violations.map((v) => v.ruleName));
  return { template: Template.fromStack(stack), stack, findings, error };
}

/** The one element of `items` (the test fails otherwise). */
function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

const topicIds = (template: Template) => Object.keys(template.findResources('AWS::SNS::Topic')).sort();

describe('notifications', () => {
  let email: ReturnType<typeof synthesize>;
  let slack: ReturnType<typeof synthesize>;
  let teams: ReturnType<typeof synthesize>;

  beforeAll(() => {
    email = synthesize(EMAIL);
    slack = synthesize(SLACK);
    teams = synthesize(TEAMS);
  }, SYNTH_TIMEOUT_MS);

  it('subscribes the e-mail to one topic, which has no chat channel and gets no chat message', () => {
    email.template.resourceCountIs('AWS::SNS::Subscription', 1);
    expect(topicIds(email.template)).toHaveLength(1);
    email.template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    for (const fn of Object.values(email.template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables[ENV.chatTopicArn]).toBeUndefined();
    }
  });

  it('with Slack: a Chatbot channel configuration on a chat topic of its own, the e-mail elsewhere', () => {
    const subscription = only(
      Object.values(slack.template.findResources('AWS::SNS::Subscription')) as Resource[],
    );
    expect(subscription.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'oncall@example.com' });
    const emailTopic = (subscription.Properties.TopicArn as { Ref: string }).Ref;
    const configuration = only(
      Object.values(slack.template.findResources('AWS::Chatbot::SlackChannelConfiguration')) as Resource[],
    );
    expect(configuration.Properties).toMatchObject({ SlackWorkspaceId: 'T0123', SlackChannelId: 'C0123' });
    const chatTopics = configuration.Properties.SnsTopicArns as { Ref: string }[];
    expect(chatTopics).toHaveLength(1);
    expect(chatTopics[0]?.Ref).toMatch(/^NotificationsChatTopic/);
    expect(topicIds(slack.template)).toEqual([emailTopic, chatTopics[0]?.Ref].sort());
    // Only the e-mail subscription exists as an SNS subscription: Chatbot subscribes itself to its topic.
    slack.template.resourceCountIs('AWS::SNS::Subscription', 1);
  });

  it('guards the channel with a customer-managed policy that allows describing the analyzer’s alarms only', () => {
    const resources = slack.template.toJSON().Resources as Record<string, Resource>;
    const configuration = only(
      Object.values(resources).filter((r) => r.Type === 'AWS::Chatbot::SlackChannelConfiguration'),
    );
    const guardrails = configuration.Properties.GuardrailPolicies as { Ref: string }[];
    expect(guardrails).toHaveLength(1);
    const guardrail = resources[only(guardrails).Ref] as Resource;
    expect(guardrail.Type).toBe('AWS::IAM::ManagedPolicy');
    const statements = (guardrail.Properties.PolicyDocument as { Statement: Record<string, Json>[] })
      .Statement;
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'cloudwatch:DescribeAlarms',
        Resource: expect.objectContaining({
          'Fn::Join': ['', expect.arrayContaining([':alarm:IncidentIQ-dev-*'])],
        }),
      }),
    ]);
    // The channel role is Chatbot's and has no permission of its own.
    const roleId = (configuration.Properties.IamRoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] ?? '';
    expect(resources[roleId]?.Properties.AssumeRolePolicyDocument).toMatchObject({
      Statement: [{ Principal: { Service: 'chatbot.amazonaws.com' } }],
    });
    const attached = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties.Roles).includes(JSON.stringify({ Ref: roleId })),
    );
    expect(attached).toEqual([]);
  });

  it('with Slack: publish and record-failure know the chat topic and may publish to both topics; the alarms notify both', () => {
    for (const step of ['publish', 'record-failure']) {
      const fn = slack.template.toJSON().Resources[functionLogicalId(slack.template, step)];
      expect(fn.Properties.Environment.Variables[ENV.chatTopicArn]).toEqual({
        Ref: expect.stringMatching(/^NotificationsChatTopic/),
      });
    }
    const resources = slack.template.toJSON().Resources as Record<string, Resource>;
    const publishFn = resources[functionLogicalId(slack.template, 'publish')] as Resource;
    const roleId = (publishFn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const published = Object.values(resources)
      .filter(
        (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`),
      )
      .flatMap(
        (r) => (r.Properties.PolicyDocument as { Statement: { Action: Json; Resource: Json }[] }).Statement,
      )
      .filter((st) => [st.Action].flat().includes('sns:Publish'))
      .flatMap((st) => [st.Resource].flat().map((ref) => (ref as { Ref: string }).Ref));
    expect(published.sort()).toEqual(topicIds(slack.template));
    for (const alarm of Object.values(slack.template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toHaveLength(2);
    }
  });

  it('with Teams: a Microsoft Teams channel configuration on the chat topic, with the guardrail', () => {
    teams.template.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      TeamsTenantId: TEAMS.teamsTenantId,
      TeamId: TEAMS.teamsTeamId,
      TeamsChannelId: TEAMS.teamsChannelId,
      SnsTopicArns: [{ Ref: Match.stringLikeRegexp('^NotificationsChatTopic') }],
      GuardrailPolicies: [{ Ref: Match.stringLikeRegexp('^NotificationsChatbotGuardrail') }],
    });
  });

  it('passes cdk-nag with an e-mail, with Slack and with Teams', () => {
    for (const synth of [email, slack, teams]) {
      expect(synth.findings).toEqual([]);
      expect(synth.error).toBeUndefined();
    }
  });

  it('warns at synth when no log group is configured (the log-group:* read grant), not otherwise', () => {
    Annotations.fromStack(email.stack).hasWarning(
      '*',
      Match.stringLikeRegexp('No log groups are configured'),
    );
    const scoped = buildApp({ logGroups: '{"defaultLogGroups":["/ecs/web"]}' });
    Annotations.fromStack(scoped.stack).hasNoWarning(
      '*',
      Match.stringLikeRegexp('No log groups are configured'),
    );
  });
});
