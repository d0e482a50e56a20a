import { Annotations, CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV } from '../shared/deployment/index.ts';
import { type StepSpec, stepSpec } from '../shared/workflow/steps/index.ts';
import { chooseBedrockModel } from './bedrock-model.ts';
import { configuredLogGroups, type StageConfig } from './config.ts';
import { AlarmIntake } from './constructs/alarm-intake.ts';
import { AnalysisWorkflow } from './constructs/analysis-workflow.ts';
import { analyzerEnvironment } from './constructs/analyzer-function.ts';
import { CONSOLE_FUNCTION_SPEC, Console } from './constructs/console.ts';
import { IncidentStore } from './constructs/incident-store.ts';
import { chatChannels, Notifications } from './constructs/notifications.ts';

export interface AnalyzerStackProps extends StackProps {
  config: StageConfig;
  /** A handler file per step instead of `functions/<step>.ts` (tests point them at a fixture). */
  entry?: (spec: StepSpec) => string | undefined;
}

/** The analyzer of one stage. It only assembles the constructs; each construct owns its concern. */
export class AnalyzerStack extends Stack {
  readonly config: StageConfig;
  readonly store: IncidentStore;
  readonly notifications: Notifications;
  readonly workflow: AnalysisWorkflow;
  readonly intake: AlarmIntake;
  readonly console: Console;

  constructor(scope: Construct, id: string, props: AnalyzerStackProps) {
    super(scope, id, props);
    const config = this.resolveConfig(props.config);
    this.config = config;
    // config.ts admits only the retention periods CloudWatch Logs accepts (RetentionDays values are days).
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    this.store = new IncidentStore(this, 'Store', {
      reportRetentionDays: config.reportRetentionDays,
      rawDataRetentionDays: config.rawDataRetentionDays,
    });
    this.notifications = new Notifications(this, 'Notifications', {
      stage: config.stage,
      notificationEmail: config.notificationEmail,
      chatChannels: chatChannels(config),
    });
    const environment = analyzerEnvironment({
      reportBucketName: this.store.bucket.bucketName,
      topicArn: this.notifications.topic.topicArn,
      ...(this.notifications.chatTopic ? { chatTopicArn: this.notifications.chatTopic.topicArn } : {}),
      incidentTableName: this.store.table.tableName,
      config,
    });
    this.workflow = new AnalysisWorkflow(this, 'Workflow', {
      config,
      store: this.store,
      notifications: this.notifications,
      environment,
      logRetention,
      ...(props.entry ? { entry: props.entry } : {}),
    });
    const intakeEntry = props.entry?.(stepSpec('intake'));
    this.intake = new AlarmIntake(this, 'Intake', {
      config,
      store: this.store,
      notifications: this.notifications,
      stateMachine: this.workflow.stateMachine,
      deadLetterQueue: this.workflow.deadLetterQueue,
      environment,
      logRetention,
      ...(intakeEntry ? { entry: intakeEntry } : {}),
    });

    const consoleEntry = props.entry?.(CONSOLE_FUNCTION_SPEC);
    this.console = new Console(this, 'Console', {
      config,
      store: this.store,
      environment,
      logRetention,
      ...(consoleEntry ? { entry: consoleEntry } : {}),
    });
    // The notifications link to the incident's console page instead of the report object.
    for (const step of ['publish', 'record-failure'] as const) {
      this.workflow.functions.get(step)?.function.addEnvironment(ENV.consoleUrl, this.console.url);
    }

    Tags.of(this).add('project', 'incidentiq');
    Tags.of(this).add('stage', config.stage);

    new CfnOutput(this, 'ReportBucketName', { value: this.store.bucket.bucketName });
    new CfnOutput(this, 'IncidentTableName', { value: this.store.table.tableName });
    new CfnOutput(this, 'TopicArn', { value: this.notifications.topic.topicArn });
    if (this.notifications.chatTopic) {
      new CfnOutput(this, 'ChatTopicArn', { value: this.notifications.chatTopic.topicArn });
    }
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.workflow.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url });
    new CfnOutput(this, 'ConsoleUserPoolId', { value: this.console.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleUserPoolClientId', { value: this.console.userPoolClient.userPoolClientId });
  }

  /** The model the stage calls (resolved for this region) and the deploy-time warnings the config deserves. */
  private resolveConfig(config: StageConfig): StageConfig {
    const warn = (id: string, message: string) =>
      Annotations.of(this).addWarningV2(`incidentiq:${id}`, message);
    if (configuredLogGroups(config.logGroups).length === 0) {
      warn(
        'unscoped-log-read',
        'No log groups are configured (-c logGroups=...): fetch-slice may read every log group of this account and region (log-group:*), so that alarm tags and metric dimensions can name them at run time. Configure logGroups to scope the grant.',
      );
    }
    if (config.synthesizer !== 'bedrock') return config;
    const model = chooseBedrockModel(this.region, config.bedrockModelId);
    if (model.warning) warn('bedrock-model', model.warning);
    return { ...config, bedrockModelId: model.modelId };
  }
}
