import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { acknowledgeWildcardResources } from './nag.ts';

/**
 * What the account (through IAM policies) may do with the key. Spelled out instead of `kms:*`:
 * no policy in this app allows a wildcard action. `kms:PutKeyPolicy` is included, so the key can
 * never become unmanageable.
 */
export const KEY_ACCOUNT_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:Decrypt',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** What a publisher needs on the key of an encrypted topic. */
export const TOPIC_KEY_PUBLISH_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

/** A chat channel that AWS Chatbot posts the chat messages to (from the stage config's context). */
export type ChatChannel =
  | { kind: 'slack'; workspaceId: string; channelId: string }
  | { kind: 'teams'; tenantId: string; teamId: string; channelId: string };

/** The chat channels the context configures (config.ts admits each kind only complete). */
export function chatChannels(config: {
  slackWorkspaceId?: string | undefined;
  slackChannelId?: string | undefined;
  teamsTenantId?: string | undefined;
  teamsTeamId?: string | undefined;
  teamsChannelId?: string | undefined;
}): ChatChannel[] {
  const channels: ChatChannel[] = [];
  if (config.slackWorkspaceId && config.slackChannelId) {
    channels.push({ kind: 'slack', workspaceId: config.slackWorkspaceId, channelId: config.slackChannelId });
  }
  if (config.teamsTenantId && config.teamsTeamId && config.teamsChannelId) {
    channels.push({
      kind: 'teams',
      tenantId: config.teamsTenantId,
      teamId: config.teamsTeamId,
      channelId: config.teamsChannelId,
    });
  }
  return channels;
}

export interface NotificationsProps {
  stage: string;
  /** Subscribed by e-mail when given (the address must confirm the subscription). */
  notificationEmail?: string | undefined;
  /** Chat channels AWS Chatbot posts to; none: no chat topic, no chat message. */
  chatChannels?: readonly ChatChannel[];
}

/**
 * One topic per message format, so each subscriber gets one message per incident:
 * - `topic`: the e-mail text of publish and record-failure, and the analyzer's own alarms; the
 *   e-mail subscription is here.
 * - `chatTopic` (only with a chat channel): the AWS Chatbot custom-notification JSON, and the
 *   analyzer's own alarms (Chatbot renders them natively); the Chatbot channel configurations
 *   subscribe to it.
 * Both are encrypted with one customer-managed key (rotation on) that CloudWatch alarms may use,
 * and accept TLS only.
 */
export class Notifications extends Construct {
  readonly key: kms.Key;
  readonly topic: sns.Topic;
  readonly chatTopic: sns.Topic | undefined;
  readonly chatConfigurations: Construct[] = [];

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);

    this.key = new kms.Key(this, 'TopicKey', {
      description: `IncidentIQ ${props.stage}: encrypts the notification topics`,
      enableKeyRotation: true,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AccountAdministersAndUsesTheKeyThroughIam',
            principals: [new iam.AccountRootPrincipal()],
            actions: KEY_ACCOUNT_ACTIONS,
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
            principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
            actions: TOPIC_KEY_PUBLISH_ACTIONS,
            resources: ['*'],
          }),
        ],
      }),
    });

    this.topic = this.encryptedTopic('Topic', `IncidentIQ ${props.stage}`);
    if (props.notificationEmail) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.notificationEmail));
    }

    const channels = props.chatChannels ?? [];
    if (channels.length === 0) return;
    this.chatTopic = this.encryptedTopic('ChatTopic', `IncidentIQ ${props.stage} chat`);
    const guardrail = this.guardrail(props.stage);
    // Chatbot only posts: the channel role has no permission, and the guardrail caps what any
    // member's own role could do through the channel.
    const role = new iam.Role(this, 'ChatbotChannelRole', {
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
      description: `IncidentIQ ${props.stage}: AWS Chatbot channels (notifications only)`,
    });
    for (const channel of channels) {
      const name = `incidentiq-${props.stage}-${channel.kind}`;
      if (channel.kind === 'slack') {
        this.chatConfigurations.push(
          new chatbot.SlackChannelConfiguration(this, 'SlackChannel', {
            slackChannelConfigurationName: name,
            slackWorkspaceId: channel.workspaceId,
            slackChannelId: channel.channelId,
            notificationTopics: [this.chatTopic],
            guardrailPolicies: [guardrail],
            role,
            loggingLevel: chatbot.LoggingLevel.ERROR,
          }),
        );
      } else {
        this.chatConfigurations.push(
          new chatbot.CfnMicrosoftTeamsChannelConfiguration(this, 'TeamsChannel', {
            configurationName: name,
            teamsTenantId: channel.tenantId,
            teamId: channel.teamId,
            teamsChannelId: channel.channelId,
            snsTopicArns: [this.chatTopic.topicArn],
            guardrailPolicies: [guardrail.managedPolicyArn],
            iamRoleArn: role.roleArn,
            loggingLevel: 'ERROR',
          }),
        );
      }
    }
  }

  /** Every topic the analyzer's own alarms notify. */
  get alarmTopics(): sns.Topic[] {
    return this.chatTopic ? [this.topic, this.chatTopic] : [this.topic];
  }

  /** Lets `grantee` publish to the topics: sns:Publish on each and the key actions SNS needs. */
  grantPublish(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        resources: this.alarmTopics.map((t) => t.topicArn),
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: TOPIC_KEY_PUBLISH_ACTIONS, resources: [this.key.keyArn] }),
    );
  }

  private encryptedTopic(id: string, displayName: string): sns.Topic {
    const topic = new sns.Topic(this, id, { displayName, masterKey: this.key, enforceSSL: true });
    // The topic policy replaces SNS's default one, so the analyzer's alarms are allowed explicitly.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );
    return topic;
  }

  /**
   * The channel guardrail (a customer-managed policy; Chatbot's default is AdministratorAccess):
   * whatever role a member uses through the channel, it can at most describe this stage's alarms.
   */
  private guardrail(stage: string): iam.ManagedPolicy {
    const ownAlarms = Stack.of(this).formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: `IncidentIQ-${stage}-*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const policy = new iam.ManagedPolicy(this, 'ChatbotGuardrail', {
      description: `IncidentIQ ${stage}: the most a chat channel may do (describe the analyzer's alarms)`,
      statements: [
        new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: [ownAlarms] }),
      ],
    });
    acknowledgeWildcardResources(
      policy,
      [ownAlarms],
      "A guardrail (an upper bound, granting nothing by itself): read-only DescribeAlarms on the analyzer's own alarms of this stage, whose names share the IncidentIQ-<stage>- prefix.",
    );
    return policy;
  }
}
