import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FAILED_STEP_DIMENSION, METRIC, type MetricName } from '../../shared/deployment/index.ts';
import { buildDefinition } from '../../shared/workflow/definition.ts';
import { STEPS, type StepName, type StepSpec } from '../../shared/workflow/steps/index.ts';
import type { StageConfig } from '../config.ts';
import {
  AnalyzerFunction,
  POWERTOOLS_METRICS_NAMESPACE,
  POWERTOOLS_SERVICE_NAME,
} from './analyzer-function.ts';
import { grantChildExecutions } from './child-executions.ts';
import type { IncidentStore } from './incident-store.ts';
import { acknowledge } from './nag.ts';
import type { Notifications } from './notifications.ts';
import { grantStepAccess } from './step-access.ts';

/** The analyzer's own alarms are named with this prefix; the alarm rule never analyzes them. */
export const OWN_ALARM_PREFIX = 'IncidentIQ-';

export const ownAlarmName = (stage: string, what: string): string => `${OWN_ALARM_PREFIX}${stage}-${what}`;

export interface AnalysisWorkflowProps {
  config: StageConfig;
  store: IncidentStore;
  notifications: Notifications;
  /** The functions' environment (analyzerEnvironment). */
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** A handler file per step instead of the step's own entry (tests use a fixture). */
  entry?: (spec: StepSpec) => string | undefined;
}

/**
 * The analysis workflow: one analyzer function per state-machine step of `STEPS`, the Standard
 * state machine built by `buildDefinition` (nothing here restates the order, the retries or the
 * catches), its execution log group, the dead-letter queue of the intake's failed deliveries, and
 * the alarms on the analyzer's own failures (failed, timed-out and degraded analyses, model
 * fallbacks, dead letters), which notify the topic.
 */
export class AnalysisWorkflow extends Construct {
  readonly functions: ReadonlyMap<StepName, AnalyzerFunction>;
  readonly stateMachine: sfn.StateMachine;
  readonly executionLogGroup: logs.LogGroup;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AnalysisWorkflowProps) {
    super(scope, id);
    const { config } = props;

    const functions = new Map<StepName, AnalyzerFunction>();
    for (const spec of STEPS.filter((s) => s.inStateMachine)) {
      const fn = new AnalyzerFunction(this, spec.name, {
        spec,
        environment: props.environment,
        logRetention: props.logRetention,
        ...(props.entry?.(spec) ? { entry: props.entry(spec) } : {}),
      });
      grantStepAccess(fn, { config, store: props.store, notifications: props.notifications });
      functions.set(spec.name, fn);
    }
    this.functions = functions;
    const task = (spec: StepSpec): AnalyzerFunction => {
      const fn = functions.get(spec.name);
      if (!fn) throw new Error(`no function for the state machine step ${spec.name}`);
      return fn;
    };

    const definition = buildDefinition((spec) => task(spec).functionArn);

    this.executionLogGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      // Under /aws/vendedlogs/ so Step Functions' log delivery needs no growing resource policy.
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}`,
      retention: props.logRetention,
      // Named, so a retained group would block re-creating the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: definition.Comment,
      definitionBody: sfn.DefinitionBody.fromString(Stack.of(this).toJsonString(definition)),
      logs: { destination: this.executionLogGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // The tasks invoke the functions directly (unqualified ARNs): exactly these, nothing else.
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [...functions.values()].map((fn) => fn.functionArn),
      }),
    );
    grantChildExecutions(this.stateMachine);
    acknowledge(
      this.stateMachine,
      'AwsSolutions-IAM5[Resource::*]',
      'Added by Step Functions for execution logging (logs:*LogDelivery, DescribeLogGroups, resource policies) and X-Ray tracing: these actions support no resource-level permissions.',
    );

    this.deadLetterQueue = new sqs.Queue(this, 'IntakeDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const alarmActions = props.notifications.alarmTopics.map((topic) => new actions.SnsAction(topic));
    const alarm = (alarmId: string, what: string, description: string, metric: cloudwatch.IMetric) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        alarmName: ownAlarmName(config.stage, what),
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(...alarmActions);
      return created;
    };
    const period = Duration.minutes(5);
    this.alarms = [
      alarm(
        'ExecutionsFailedAlarm',
        'executions-failed',
        'An analysis failed (a step failed after its retries; a degraded report was sent).',
        this.stateMachine.metricFailed({ period, statistic: cloudwatch.Stats.SUM }),
      ),
      alarm(
        'ExecutionsTimedOutAlarm',
        'executions-timed-out',
        'An analysis ran past the workflow timeout.',
        this.stateMachine.metricTimedOut({ period, statistic: cloudwatch.Stats.SUM }),
      ),
      alarm(
        'DegradedAnalysisAlarm',
        'degraded-analysis',
        `A step failed after its retries and a degraded report was published (the ${FAILED_STEP_DIMENSION} dimension of ${METRIC.degradedAnalysis} names it).`,
        ownMetric(METRIC.degradedAnalysis, period),
      ),
      ...(config.synthesizer === 'bedrock'
        ? [
            alarm(
              'ModelFallbackAlarm',
              'model-fallback',
              'Bedrock failed or none of its answer was usable: the offline report was published instead.',
              ownMetric(METRIC.modelFallback, period),
            ),
          ]
        : []),
      alarm(
        'DeadLettersAlarm',
        'intake-dead-letters',
        'Alarm events could not be delivered to or processed by the intake: see the dead-letter queue.',
        this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
      ),
    ];
  }

  /** The function of a state-machine step. */
  function(name: StepName): AnalyzerFunction {
    const fn = this.functions.get(name);
    if (!fn) throw new Error(`${name} is not a state machine step`);
    return fn;
  }
}

/**
 * A count the step functions publish through Powertools (namespace and `service` dimension as
 * analyzerEnvironment sets them), in total: the per-step or per-model breakdowns carry one more
 * dimension.
 */
function ownMetric(name: MetricName, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: POWERTOOLS_METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: POWERTOOLS_SERVICE_NAME },
    period,
    statistic: cloudwatch.Stats.SUM,
  });
}
