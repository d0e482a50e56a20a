import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { SPANS_LOG_GROUP, TITAN_EMBED_MODEL } from '../../shared/deployment/index.ts';
import type { Port } from '../../shared/workflow/ports.ts';
import type { StepSpec } from '../../shared/workflow/steps/index.ts';
import { bedrockModelGrant, type ModelGrant } from '../bedrock-model.ts';
import { configuredLogGroups, type StageConfig } from '../config.ts';
import type { AnalyzerFunction } from './analyzer-function.ts';
import type { IncidentStore } from './incident-store.ts';
import { acknowledge, acknowledgeWildcardResources } from './nag.ts';
import type { Notifications } from './notifications.ts';

/** What a step may touch. Every grant names its resources; no action is a wildcard. */
export type Access =
  /** Get/put objects in the report bucket (raw events, evidence, reports). */
  | 'blobs'
  /** Read incidents from the table and its indexes. */
  | 'incidents-read'
  /** Read and write incidents. */
  | 'incidents-write'
  /** Publish to the notification topic. */
  | 'notify'
  /** Read the configured log groups (FilterLogEvents, Logs Insights). */
  | 'logs'
  /** Read the alarm and its tags (which log groups it names). */
  | 'alarms'
  /** Read metric data and list metrics (the alarm's and the services' metrics). */
  | 'metrics'
  /** Read trace summaries and traces from X-Ray. */
  | 'traces'
  /** Read the spans CloudWatch Transaction Search keeps in the aws/spans log group. */
  | 'spans'
  /** Invoke the configured Bedrock model (only when the synthesizer is `bedrock`). */
  | 'model'
  /** Start executions of the analysis state machine. */
  | 'start-workflow'
  | 'embeddings';

/** What each port reaches: a step is granted the access of the ports its spec lists, no other. */
export const PORT_ACCESS: Record<Port, readonly Access[]> = {
  blobs: ['blobs'],
  logs: ['logs'],
  'alarm-tags': ['alarms'],
  telemetry: ['metrics', 'traces', 'spans'],
  'incidents-read': ['incidents-read'],
  'incidents-write': ['incidents-write'],
  notify: ['notify'],
  model: ['model'],
  embeddings: ['embeddings'],
  // The intake's: its alarm-state records live in the incident table.
  'alarm-state': ['incidents-write'],
  'start-workflow': ['start-workflow'],
};

/** The access of a step: that of the ports it lists, each once. */
export function stepAccess(spec: Pick<StepSpec, 'ports'>): Access[] {
  return [...new Set(spec.ports.flatMap((port) => PORT_ACCESS[port]))];
}

export interface StepResources {
  config: StageConfig;
  store: IncidentStore;
  notifications: Notifications;
  /** Needed for `start-workflow`. */
  stateMachine?: IStateMachine;
}

/** What `bedrock:InvokeModel` needs for a model id in this stack (see bedrockModelGrant). */
export function bedrockModelArns(stack: Stack, modelId: string): ModelGrant {
  return bedrockModelGrant(stack.partition, stack.region, stack.account, modelId);
}

/** `arn:...:log-group:<name>` and its streams (`:*`), or every group when none is configured. */
export function logGroupArns(stack: Stack, logGroups: StageConfig['logGroups']): string[] {
  const groupArn = (name: string) =>
    stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  const names = configuredLogGroups(logGroups);
  if (names.length === 0) return [groupArn('*')];
  return names.flatMap((name) => [groupArn(name), `${groupArn(name)}:*`]);
}

/** The alarms the analyzer reads: those matching the configured prefixes, or all. */
export function alarmArns(stack: Stack, prefixes: readonly string[]): string[] {
  const alarmArn = (pattern: string) =>
    stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: pattern,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  return prefixes.length === 0 ? [alarmArn('*')] : prefixes.map((prefix) => alarmArn(`${prefix}*`));
}

/** Grants `fn` what the ports of its step reach (`stepAccess`), acknowledging each justified wildcard resource. */
export function grantStepAccess(fn: AnalyzerFunction, resources: StepResources): void {
  const stack = Stack.of(fn);
  const { config, store, notifications } = resources;
  const allow = (actions: string[], arns: string[]) =>
    fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: arns }));

  for (const access of stepAccess(fn.spec)) {
    switch (access) {
      case 'blobs': {
        const objects = store.bucket.arnForObjects('*');
        allow(['s3:GetObject', 's3:PutObject'], [objects]);
        // Without ListBucket a missing object is AccessDenied instead of NoSuchKey.
        allow(['s3:ListBucket'], [store.bucket.bucketArn]);
        acknowledgeWildcardResources(
          fn.role,
          [objects],
          'Object keys are per incident (incidents/<id>/..., reports/<id>/...), created at run time; access is limited to this one bucket.',
        );
        break;
      }
      case 'incidents-read':
      case 'incidents-write': {
        const actions = ['dynamodb:GetItem', 'dynamodb:Query'];
        if (access === 'incidents-write') actions.push('dynamodb:PutItem');
        allow(actions, [store.table.tableArn, ...store.indexArns()]);
        break;
      }
      case 'notify':
        notifications.grantPublish(fn.role);
        break;
      case 'logs': {
        const groups = logGroupArns(stack, config.logGroups);
        allow(['logs:FilterLogEvents', 'logs:StartQuery'], groups);
        // GetQueryResults and StopQuery take a query id: IAM has no resource type for them.
        allow(['logs:GetQueryResults', 'logs:StopQuery'], ['*']);
        acknowledge(
          fn.role,
          'AwsSolutions-IAM5[Resource::*]',
          'logs:GetQueryResults and logs:StopQuery act on a query id and support no resource-level permissions; xray:PutTraceSegments/PutTelemetryRecords likewise.',
        );
        acknowledgeWildcardResources(
          fn.role,
          groups,
          configuredLogGroups(config.logGroups).length > 0
            ? 'The configured log groups only; the `:*` form covers their log streams, which FilterLogEvents and StartQuery read.'
            : 'No log groups are configured (logGroups context), so the alarm tags and metric dimensions name them at run time: every log group of this account and region, read-only.',
        );
        break;
      }
      case 'alarms': {
        const alarms = alarmArns(stack, config.alarmNamePrefixes);
        allow(['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'], alarms);
        acknowledgeWildcardResources(
          fn.role,
          alarms,
          'The alarms the EventBridge rule accepts (the configured name prefixes, or all alarms when none are configured): read-only, to find the log groups an alarm names.',
        );
        break;
      }
      case 'metrics': {
        allow(['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'], ['*']);
        acknowledge(
          fn.role,
          'AwsSolutions-IAM5[Resource::*]',
          'cloudwatch:GetMetricData and cloudwatch:ListMetrics support no resource-level permissions (IAM has no metric resource type); both only read.',
        );
        break;
      }
      case 'traces': {
        allow(['xray:GetTraceSummaries', 'xray:BatchGetTraces'], ['*']);
        acknowledge(
          fn.role,
          'AwsSolutions-IAM5[Resource::*]',
          'xray:GetTraceSummaries and xray:BatchGetTraces support no resource-level permissions; both only read.',
        );
        break;
      }
      case 'spans': {
        const spans = logGroupArns(stack, { alarmLogGroups: {}, defaultLogGroups: [SPANS_LOG_GROUP] });
        allow(['logs:FilterLogEvents'], spans);
        acknowledgeWildcardResources(
          fn.role,
          spans,
          'The aws/spans log group only (where Transaction Search keeps spans); the `:*` form covers its log streams, which FilterLogEvents reads.',
        );
        break;
      }
      case 'model': {
        if (config.synthesizer !== 'bedrock') break;
        if (!config.bedrockModelId) throw new Error('the stack resolves bedrockModelId before granting it');
        const grant = bedrockModelArns(stack, config.bedrockModelId);
        // Converse is authorized as bedrock:InvokeModel.
        allow(['bedrock:InvokeModel'], grant.resources);
        const routed = grant.routedThroughProfile;
        if (routed) {
          fn.role.addToPrincipalPolicy(
            new iam.PolicyStatement({
              actions: ['bedrock:InvokeModel'],
              resources: routed.resources,
              conditions: { StringEquals: { 'bedrock:InferenceProfileArn': routed.profileArn } },
            }),
          );
          acknowledgeWildcardResources(
            fn.role,
            routed.resources,
            'An inference profile whose destination regions this app does not list: the one foundation model in any region, and only when called through that profile (bedrock:InferenceProfileArn condition).',
          );
        }
        break;
      }
      case 'embeddings': {
        if (config.synthesizer !== 'bedrock') break;
        // Titan text embeddings refine the similarity of past incidents where Bedrock is enabled.
        allow(
          ['bedrock:InvokeModel'],
          [`arn:${stack.partition}:bedrock:${stack.region}::foundation-model/${TITAN_EMBED_MODEL}`],
        );
        break;
      }
      case 'start-workflow': {
        if (!resources.stateMachine)
          throw new Error(`${fn.spec.name}: start-workflow needs the state machine`);
        allow(['states:StartExecution'], [resources.stateMachine.stateMachineArn]);
        break;
      }
    }
  }
}
