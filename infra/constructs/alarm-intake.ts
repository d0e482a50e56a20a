import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ENV } from '../../shared/deployment/index.ts';
import { stepSpec } from '../../shared/workflow/steps/index.ts';
import type { StageConfig } from '../config.ts';
import { OWN_ALARM_PREFIX } from './analysis-workflow.ts';
import { AnalyzerFunction } from './analyzer-function.ts';
import type { IncidentStore } from './incident-store.ts';
import type { Notifications } from './notifications.ts';
import { grantStepAccess } from './step-access.ts';

/** EventBridge's retries of a failed delivery to the intake, before the event goes to the DLQ. */
export const RULE_TARGET_RETRY_ATTEMPTS = 4;
/** Lambda's retries of an intake invocation that threw, before the event goes to the DLQ. */
export const INTAKE_ASYNC_RETRY_ATTEMPTS = 2;

/**
 * The alarm events the analyzer takes: CloudWatch alarms going to ALARM (or back to OK), only those whose names start
 * with one of `prefixes` when any are given. With no prefixes every alarm is taken except the
 * analyzer's own (`IncidentIQ-...`), so a failing analysis does not analyze itself.
 */
export function alarmEventPattern(prefixes: readonly string[]): events.EventPattern {
  return {
    source: ['aws.cloudwatch'],
    detailType: ['CloudWatch Alarm State Change'],
    detail: {
      // OK transitions too: the intake remembers them to fold a flapping alarm into its open incident.
      state: { value: ['ALARM', 'OK'] },
      alarmName:
        prefixes.length > 0
          ? prefixes.map((prefix) => ({ prefix }))
          : [{ 'anything-but': { prefix: OWN_ALARM_PREFIX } }],
    },
  };
}

export interface AlarmIntakeProps {
  config: StageConfig;
  store: IncidentStore;
  notifications: Notifications;
  stateMachine: sfn.IStateMachine;
  deadLetterQueue: sqs.IQueue;
  /** The functions' environment (analyzerEnvironment); the state machine ARN is added here. */
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** A handler file instead of the intake's own entry (tests use a fixture). */
  entry?: string;
}

/**
 * Where an analysis starts: an EventBridge rule on CloudWatch alarm state changes to ALARM invokes
 * the intake function (asynchronously, with retries and the dead-letter queue on both the rule
 * target and the function), which may start executions of the state machine and nothing else of
 * Step Functions.
 */
export class AlarmIntake extends Construct {
  readonly function: AnalyzerFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: AlarmIntakeProps) {
    super(scope, id);

    this.function = new AnalyzerFunction(this, 'intake', {
      spec: stepSpec('intake'),
      environment: { ...props.environment, [ENV.stateMachineArn]: props.stateMachine.stateMachineArn },
      logRetention: props.logRetention,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: INTAKE_ASYNC_RETRY_ATTEMPTS,
      ...(props.entry ? { entry: props.entry } : {}),
    });
    grantStepAccess(this.function, {
      config: props.config,
      store: props.store,
      notifications: props.notifications,
      stateMachine: props.stateMachine,
    });

    this.rule = new events.Rule(this, 'AlarmRule', {
      description: `IncidentIQ ${props.config.stage}: CloudWatch alarms going to ALARM start an analysis`,
      eventPattern: alarmEventPattern(props.config.alarmNamePrefixes),
    });
    this.rule.addTarget(
      new targets.LambdaFunction(this.function.function, {
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: RULE_TARGET_RETRY_ATTEMPTS,
        maxEventAge: Duration.hours(2),
      }),
    );
  }
}
