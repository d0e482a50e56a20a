import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/analyzer-function.ts';
import { stepAccess } from '../../infra/constructs/step-access.ts';
import { ENV, INCIDENT_TABLE_SCHEMA } from '../../shared/deployment/index.ts';
import { buildDefinition, FAILED_STATE, failureNoteState } from '../../shared/workflow/definition.ts';
import { mainPath, STEPS, type StepName } from '../../shared/workflow/steps/index.ts';
import {
  buildApp,
  FULL_CONTEXT,
  flatten,
  functionLogicalId,
  type Json,
  SYNTH_TIMEOUT_MS,
  stateMachineDefinition,
} from './helpers.ts';

type Resources = Record<string, { Type: string; Properties?: Record<string, Json> }>;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: Json;
  Principal?: Json;
  Condition?: Json;
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every policy statement of the template: identity policies, inline role policies, resource policies. */
function allStatements(resources: Resources): { owner: string; statement: Statement }[] {
  const found: { owner: string; statement: Statement }[] = [];
  const add = (owner: string, document: Json | undefined) => {
    for (const statement of statementsOf(document)) found.push({ owner, statement });
  };
  for (const [id, resource] of Object.entries(resources)) {
    const p = resource.Properties ?? {};
    add(id, p.PolicyDocument);
    add(id, p.KeyPolicy);
    add(id, p.AssumeRolePolicyDocument);
    for (const inline of asArray(p.Policies as Json[] | undefined)) {
      add(id, (inline as { PolicyDocument?: Json }).PolicyDocument);
    }
  }
  return found;
}

const statementsOf = (document: Json | undefined): Statement[] =>
  (document as { Statement?: Statement[] } | undefined)?.Statement ?? [];

/** The identity-policy statements attached to a role. */
function policiesOfRole(resources: Resources, roleId: string): Statement[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) =>
      asArray(r.Properties?.Roles as Json[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }),
      ),
    )
    .flatMap((r) => statementsOf(r.Properties?.PolicyDocument));
}

/** The identity-policy statements attached to the role of a step's function. */
function roleStatements(template: Template, step: string): Statement[] {
  const resources = template.toJSON().Resources as Resources;
  const fn = resources[functionLogicalId(template, step)];
  const roleArn = fn?.Properties?.Role as { 'Fn::GetAtt'?: string[] } | undefined;
  const roleId = roleArn?.['Fn::GetAtt']?.[0];
  if (!roleId) throw new Error(`no role for ${step}`);
  return policiesOfRole(resources, roleId);
}

/** action -> flattened resources, over a list of statements. */
function grants(statements: Statement[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const s of statements.filter((st) => st.Effect === 'Allow')) {
    for (const action of asArray(s.Action)) {
      map.set(action, [...(map.get(action) ?? []), ...asArray(s.Resource as Json).map((r) => flatten(r))]);
    }
  }
  return map;
}

describe('the analyzer stack', () => {
  let full: Template;
  let defaults: Template;
  let offline: Template;

  beforeAll(() => {
    full = Template.fromStack(buildApp(FULL_CONTEXT).stack);
    defaults = Template.fromStack(buildApp().stack);
    offline = Template.fromStack(buildApp({ synthesizer: 'offline' }).stack);
  }, SYNTH_TIMEOUT_MS);

  describe('the alarm rule', () => {
    it('takes CloudWatch alarms going to ALARM whose names start with a configured prefix', () => {
      full.resourceCountIs('AWS::Events::Rule', 1);
      full.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          detail: {
            state: { value: ['ALARM', 'OK'] },
            alarmName: [{ prefix: 'payments-' }, { prefix: 'checkout-' }],
          },
        },
        State: 'ENABLED',
      });
    });

    it('takes every alarm but the analyzer’s own when no prefix is configured', () => {
      defaults.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          detail: {
            state: { value: ['ALARM', 'OK'] },
            alarmName: [{ 'anything-but': { prefix: 'IncidentIQ-' } }],
          },
        },
      });
    });

    it('targets the intake with retries and the dead-letter queue', () => {
      const intake = functionLogicalId(full, 'intake');
      const [queueId] = Object.keys(full.findResources('AWS::SQS::Queue'));
      full.hasResourceProperties('AWS::Events::Rule', {
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [intake, 'Arn'] },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
            RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 4 }),
          }),
        ],
      });
      full.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: intake },
        MaximumRetryAttempts: 2,
      });
      full.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.stringLikeRegexp('^IncidentIQ intake:'),
        DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      });
    });
  });

  describe('the state machine', () => {
    it('is a Standard workflow with full logging (no execution data) and X-Ray tracing', () => {
      full.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
      full.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        LoggingConfiguration: {
          Level: 'ALL',
          IncludeExecutionData: false,
          Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }],
        },
        TracingConfiguration: { Enabled: true },
      });
    });

    it('is exactly buildDefinition, each task invoking its own step’s function', () => {
      const definition = stateMachineDefinition(full);
      const expected = buildDefinition((spec) => `\${${functionLogicalId(full, spec.name)}.Arn}`);
      expect(definition).toEqual(JSON.parse(JSON.stringify(expected)));
    });

    it('gives every task retries, and every task but record-failure a catch to record-failure', () => {
      const { States } = stateMachineDefinition(full);
      // A Map state's task retries per item inside it; the Map holds the catch.
      const catcher = new Map<string, Record<string, unknown>>();
      const tasks = Object.entries(States).flatMap(([name, state]) => {
        if (state.Type === 'Task') return [[name, state] as const];
        const inner = (
          state.ItemProcessor as { States?: Record<string, Record<string, unknown>> } | undefined
        )?.States;
        return Object.entries(inner ?? {}).map(([n, s]) => {
          catcher.set(n, state);
          return [n, s] as const;
        });
      });
      expect(tasks.map(([name]) => name).sort()).toEqual(
        STEPS.filter((s) => s.inStateMachine)
          .map((s) => s.name)
          .sort(),
      );
      for (const [name, state] of tasks) {
        expect(state.Retry, name).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ ErrorEquals: expect.arrayContaining(['Lambda.ServiceException']) }),
          ]),
        );
        if (name === 'record-failure') {
          expect(state.Catch, name).toBeUndefined();
          expect(state.Next, name).toBe(FAILED_STATE);
        } else {
          expect((catcher.get(name) ?? state).Catch, name).toEqual([
            {
              ErrorEquals: ['States.ALL'],
              ResultPath: '$.failure',
              Next: failureNoteState(name as StepName),
            },
          ]);
          expect(States[failureNoteState(name as StepName)], name).toMatchObject({
            Type: 'Pass',
            Result: name,
            ResultPath: '$.failedStep',
            Next: 'record-failure',
          });
        }
      }
    });

    it('runs the states in the order of mainPath()', () => {
      const { StartAt, States } = stateMachineDefinition(full);
      const order: string[] = [];
      for (let name: string | undefined = StartAt; name; ) {
        const state = States[name];
        // A Map state runs its step's task once per item.
        const task = state?.Type === 'Map' ? (state.ItemProcessor as { StartAt?: string }).StartAt : name;
        if (state?.Type !== 'Task' && state?.Type !== 'Map') break;
        order.push(task as string);
        name = state.Next as string | undefined;
      }
      expect(order).toEqual(mainPath().map((s) => s.name));
    });

    it('may start, describe and stop its own executions, the Distributed Map’s children, and nothing else of Step Functions', () => {
      const resources = full.toJSON().Resources as Resources;
      const [machineId, machine] = Object.entries(resources).find(
        ([, r]) => r.Type === 'AWS::StepFunctions::StateMachine',
      ) ?? ['', undefined];
      const roleId = (machine?.Properties?.RoleArn as { 'Fn::GetAtt'?: string[] } | undefined)?.[
        'Fn::GetAtt'
      ]?.[0];
      const statements = policiesOfRole(resources, roleId ?? '');
      const g = grants(statements);
      const executions = ['/*', ':*'].map(
        (suffix) => `arn:aws:states:eu-west-1:123456789012:execution:\${${machineId}.Name}${suffix}`,
      );
      expect(g.get('states:StartExecution')).toEqual([`\${${machineId}}`]);
      // Both Maps run Distributed, their children named `<machine>/<label>:<id>`: the `/*` form covers both.
      const maps = Object.values(stateMachineDefinition(full).States).filter((st) => st.Type === 'Map');
      expect(
        maps.map((m) => [m.Label, (m.ItemProcessor as { ProcessorConfig?: unknown }).ProcessorConfig]),
      ).toEqual([
        ['fetch-slices', { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }],
        ['collect-shards', { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }],
      ]);
      expect(g.get('states:DescribeExecution')?.sort()).toEqual(executions.sort());
      expect(g.get('states:StopExecution')?.sort()).toEqual(executions.sort());
      const stateActions = statements
        .flatMap((s) => asArray(s.Action))
        .filter((a) => a.startsWith('states:'))
        .sort();
      expect(stateActions).toEqual([
        'states:DescribeExecution',
        'states:StartExecution',
        'states:StopExecution',
      ]);
      // No dependency cycle: nothing the state machine waits for names it.
      const dependsOn = asArray((machine as { DependsOn?: string[] } | undefined)?.DependsOn);
      expect(dependsOn.length).toBeGreaterThan(0);
      for (const id of dependsOn) expect(JSON.stringify(resources[id]), id).not.toContain(machineId);
    });

    it('may invoke exactly the step functions and nothing else of Lambda', () => {
      const resources = full.toJSON().Resources as Resources;
      const machine = Object.values(resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
      const roleId = (machine?.Properties?.RoleArn as { 'Fn::GetAtt'?: string[] } | undefined)?.[
        'Fn::GetAtt'
      ]?.[0];
      const invoke = policiesOfRole(resources, roleId ?? '').filter((s) =>
        asArray(s.Action).some((a) => a.startsWith('lambda:')),
      );
      expect(roleId).toBeDefined();
      expect(invoke.flatMap((s) => asArray(s.Action))).toEqual(['lambda:InvokeFunction']);
      const expected = mainPath()
        .concat(STEPS.filter((s) => s.name === 'record-failure'))
        .map((s) => `\${${functionLogicalId(full, s.name)}.Arn}`)
        .sort();
      expect(
        invoke
          .flatMap((s) => asArray(s.Resource as Json))
          .map((r) => flatten(r))
          .sort(),
      ).toEqual(expected);
    });
  });

  describe('the functions', () => {
    it('are one per step: Node 22 on ARM64, X-Ray active, timeout and memory from the step', () => {
      // And the console's (test/infra/console.test.ts).
      full.resourceCountIs('AWS::Lambda::Function', STEPS.length + 1);
      for (const spec of STEPS) {
        full.hasResourceProperties('AWS::Lambda::Function', {
          Description: Match.stringLikeRegexp(`^IncidentIQ ${spec.name}:`),
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
          Timeout: spec.timeoutSeconds,
          MemorySize: spec.memoryMb,
          LoggingConfig: { LogGroup: { Ref: Match.anyValue() } },
        });
      }
      const fns = Object.values(full.findResources('AWS::Lambda::Function'));
      for (const fn of fns) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    });

    it('read their configuration from the variables environment.ts names', () => {
      const fns = Object.values(full.findResources('AWS::Lambda::Function'));
      for (const fn of fns) {
        const variables = fn.Properties.Environment.Variables as Record<string, Json>;
        expect(variables).toMatchObject({
          POWERTOOLS_SERVICE_NAME: 'incidentiq',
          POWERTOOLS_METRICS_NAMESPACE: 'IncidentIQ',
          [ENV.synthesizer]: 'bedrock',
          [ENV.bedrockModelId]: 'eu.amazon.nova-pro-v1:0',
          [ENV.logGroupsConfig]: FULL_CONTEXT.logGroups,
          [ENV.windowsConfig]: FULL_CONTEXT.windows,
        });
        expect(flatten(variables[ENV.reportBucket] as Json)).toMatch(/^\$\{StoreReports[0-9A-F]+\}$/);
        expect(flatten(variables[ENV.topicArn] as Json)).toMatch(/^\$\{NotificationsTopic[0-9A-F]+\}$/);
        expect(flatten(variables[ENV.incidentTable] as Json)).toMatch(/^\$\{StoreIncidents[0-9A-F]+\}$/);
        const isIntake = String(fn.Properties.Description).startsWith('IncidentIQ intake:');
        expect(variables[ENV.stateMachineArn] !== undefined, fn.Properties.Description).toBe(isIntake);
      }
    });

    it('have handler files for every step in functions/ (the real app bundles them)', () => {
      for (const spec of STEPS) expect(existsSync(join(PROJECT_ROOT, spec.entry)), spec.entry).toBe(true);
    });
  });

  describe('the log groups', () => {
    it('are explicit, one per function, one for the state machine and one for the console API, with the configured retention', () => {
      const groups = Object.values(full.findResources('AWS::Logs::LogGroup'));
      // The step functions, the console function, the state machine, the console API's access logs.
      expect(groups).toHaveLength(STEPS.length + 3);
      for (const group of groups) expect(group.Properties.RetentionInDays).toBe(90);
      for (const group of Object.values(defaults.findResources('AWS::Logs::LogGroup'))) {
        expect(group.Properties.RetentionInDays).toBe(30);
      }
    });
  });

  describe('IAM', () => {
    it('allows no wildcard action in any policy (identity, role or resource policy)', () => {
      for (const template of [full, defaults]) {
        const statements = allStatements(template.toJSON().Resources as Resources);
        expect(statements.length).toBeGreaterThan(20);
        const wildcards = statements
          .filter(({ statement }) => statement.Effect === 'Allow')
          .flatMap(({ owner, statement }) => asArray(statement.Action).map((action) => `${owner}: ${action}`))
          .filter((entry) => entry.includes('*'));
        expect(wildcards).toEqual([]);
      }
    });

    it('attaches no managed policy to any role', () => {
      for (const role of Object.values(full.findResources('AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });

    it('scopes fetch-slice to the configured log groups and plan-fetch to the alarm prefixes', () => {
      const g = grants(roleStatements(full, 'fetch-slice'));
      const groupArn = (name: string) => `arn:aws:logs:eu-west-1:123456789012:log-group:${name}`;
      const groups = ['/aws/lambda/payments-api', '/aws/lambda/shared', '/ecs/checkout'].flatMap((name) => [
        groupArn(name),
        `${groupArn(name)}:*`,
      ]);
      expect(g.get('logs:FilterLogEvents')?.sort()).toEqual(groups.sort());
      expect(g.get('logs:StartQuery')?.sort()).toEqual(groups.sort());
      expect(g.get('logs:GetQueryResults')).toEqual(['*']);
      expect(g.get('logs:StopQuery')).toEqual(['*']);
      expect(g.has('cloudwatch:DescribeAlarms')).toBe(false);
      const planner = grants(roleStatements(full, 'plan-fetch'));
      // The planner reads the alarm, no log; each slice writes its parts and manifest.
      expect(planner.has('logs:FilterLogEvents')).toBe(false);
      expect(g.has('s3:PutObject') && planner.has('s3:PutObject')).toBe(true);
      const alarms = ['payments-*', 'checkout-*'].map(
        (p) => `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${p}`,
      );
      expect(planner.get('cloudwatch:DescribeAlarms')?.sort()).toEqual(alarms.sort());
      expect(planner.get('cloudwatch:ListTagsForResource')?.sort()).toEqual(alarms.sort());
    });

    it('lets fetch-telemetry read metrics and traces (no resource-level permissions) and, of the logs, only aws/spans', () => {
      const g = grants(roleStatements(full, 'fetch-telemetry'));
      for (const action of [
        'cloudwatch:GetMetricData',
        'cloudwatch:ListMetrics',
        'xray:GetTraceSummaries',
        'xray:BatchGetTraces',
      ]) {
        expect(g.get(action), action).toEqual(['*']);
      }
      const spans = 'arn:aws:logs:eu-west-1:123456789012:log-group:aws/spans';
      expect(g.get('logs:FilterLogEvents')?.sort()).toEqual([spans, `${spans}:*`].sort());
      expect(g.has('logs:StartQuery') || g.has('cloudwatch:DescribeAlarms')).toBe(false);
    });

    it('lets fetch-slice read every log group only when none is configured', () => {
      const g = grants(roleStatements(defaults, 'fetch-slice'));
      // Without credentials the account is the AWS::AccountId pseudo parameter.
      const account = '$' + '{AWS::AccountId}';
      expect(g.get('logs:FilterLogEvents')).toEqual([`arn:aws:logs:us-east-1:${account}:log-group:*`]);
      expect(grants(roleStatements(defaults, 'plan-fetch')).get('cloudwatch:DescribeAlarms')).toEqual([
        `arn:aws:cloudwatch:us-east-1:${account}:alarm:*`,
      ]);
    });

    it('lets write-narrative invoke the model by default: the inference profile of the region and the model where it routes', () => {
      const model = (region: string) => `arn:aws:bedrock:${region}::foundation-model/amazon.nova-pro-v1:0`;
      const account = '$' + '{AWS::AccountId}';
      expect(grants(roleStatements(defaults, 'write-narrative')).get('bedrock:InvokeModel')?.sort()).toEqual(
        [
          `arn:aws:bedrock:us-east-1:${account}:inference-profile/us.amazon.nova-pro-v1:0`,
          model('us-east-1'),
          model('us-east-2'),
          model('us-west-2'),
        ].sort(),
      );
      const variables = Object.values(defaults.findResources('AWS::Lambda::Function'))[0]?.Properties
        .Environment.Variables as Record<string, string>;
      expect(variables[ENV.synthesizer]).toBe('bedrock');
      expect(variables[ENV.bedrockModelId]).toBe('us.amazon.nova-pro-v1:0');
      expect(grants(roleStatements(full, 'write-narrative')).get('bedrock:InvokeModel')?.sort()).toEqual(
        [
          'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-pro-v1:0',
          ...['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'].map(model),
        ].sort(),
      );
    });

    it('lets find-similar use the Titan embeddings, and nothing call Bedrock with the offline synthesizer', () => {
      expect(grants(roleStatements(full, 'find-similar')).get('bedrock:InvokeModel')).toEqual([
        'arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-embed-text-v2:0',
      ]);
      for (const step of STEPS) {
        expect(grants(roleStatements(offline, step.name)).has('bedrock:InvokeModel'), step.name).toBe(false);
      }
      const variables = Object.values(offline.findResources('AWS::Lambda::Function'))[0]?.Properties
        .Environment.Variables as Record<string, string>;
      expect(variables[ENV.synthesizer]).toBe('offline');
      for (const step of STEPS.filter((s) => s.name !== 'write-narrative' && s.name !== 'find-similar')) {
        expect(grants(roleStatements(full, step.name)).has('bedrock:InvokeModel'), step.name).toBe(false);
      }
    });

    it('lets only the intake start executions, of this state machine', () => {
      const [machineId] = Object.keys(full.findResources('AWS::StepFunctions::StateMachine'));
      for (const spec of STEPS) {
        const g = grants(roleStatements(full, spec.name));
        if (spec.name === 'intake') expect(g.get('states:StartExecution')).toEqual([`\${${machineId}}`]);
        else expect(g.has('states:StartExecution'), spec.name).toBe(false);
      }
    });

    it('gives each step the access of the ports it lists, no more', () => {
      const accessOf = (name: StepName) => stepAccess(STEPS.find((s) => s.name === name) ?? { ports: [] });
      expect(accessOf('plan-fetch')).toEqual(['blobs', 'alarms']);
      expect(accessOf('fetch-telemetry')).toEqual(['blobs', 'metrics', 'traces', 'spans']);
      expect(accessOf('write-narrative')).toEqual(['blobs', 'model']);
      expect(accessOf('intake')).toEqual(['blobs', 'incidents-write', 'start-workflow']);
      for (const spec of STEPS) {
        const g = grants(roleStatements(full, spec.name));
        const access = stepAccess(spec);
        expect(g.has('s3:GetObject'), spec.name).toBe(access.includes('blobs'));
        expect(g.has('dynamodb:Query'), spec.name).toBe(
          access.includes('incidents-read') || access.includes('incidents-write'),
        );
        expect(g.has('dynamodb:PutItem'), spec.name).toBe(access.includes('incidents-write'));
        expect(g.has('sns:Publish'), spec.name).toBe(access.includes('notify'));
        expect(g.has('logs:FilterLogEvents'), spec.name).toBe(
          access.includes('logs') || access.includes('spans'),
        );
        expect(g.has('cloudwatch:GetMetricData'), spec.name).toBe(access.includes('metrics'));
        expect(g.has('xray:BatchGetTraces'), spec.name).toBe(access.includes('traces'));
        expect(g.has('cloudwatch:DescribeAlarms'), spec.name).toBe(access.includes('alarms'));
      }
    });

    it('scopes data access to the bucket, the table and its indexes by name, and publishing to the topic', () => {
      const g = grants(roleStatements(full, 'publish'));
      expect(g.get('s3:PutObject')).toEqual([
        expect.stringMatching(/^\$\{StoreReports[0-9A-F]+\.Arn\}\/\*$/),
      ]);
      const table = expect.stringMatching(/^\$\{StoreIncidents[0-9A-F]+\.Arn\}$/);
      const index = (name: string) =>
        expect.stringMatching(new RegExp(`^\\$\\{StoreIncidents[0-9A-F]+\\.Arn\\}/index/${name}$`));
      expect(g.get('dynamodb:PutItem')).toEqual([table, index('GSI1'), index('GSI2'), index('GSI3')]);
      expect(g.get('sns:Publish')).toEqual([expect.stringMatching(/^\$\{NotificationsTopic[0-9A-F]+\}$/)]);
      expect(g.get('kms:GenerateDataKey')).toEqual([
        expect.stringMatching(/^\$\{NotificationsTopicKey[0-9A-F]+\.Arn\}$/),
      ]);
      expect(grants(roleStatements(full, 'analyze')).has('sns:Publish')).toBe(false);
      expect(grants(roleStatements(full, 'analyze')).has('dynamodb:PutItem')).toBe(false);
    });
  });

  describe('the report bucket', () => {
    it('is encrypted, private, versioned, logged, with lifecycle rules for raw data and reports', () => {
      full.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^StoreAccessLogs') } },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ Prefix: 'incidents/', ExpirationInDays: 30, Status: 'Enabled' }),
            Match.objectLike({
              Prefix: 'reports/',
              Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }],
              Status: 'Enabled',
            }),
          ]),
        },
      });
    });

    it('has private, encrypted buckets only, each with a policy denying requests without TLS', () => {
      const buckets = full.findResources('AWS::S3::Bucket');
      expect(Object.keys(buckets)).toHaveLength(2);
      for (const [id, bucket] of Object.entries(buckets)) {
        expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties.BucketEncryption, id).toBeDefined();
        full.hasResourceProperties('AWS::S3::BucketPolicy', {
          Bucket: { Ref: id },
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Action: 's3:*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ]),
          },
        });
      }
    });
  });

  describe('the notification topic', () => {
    it('is encrypted with a rotating customer-managed key and accepts TLS only', () => {
      full.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NotificationsTopicKey'), 'Arn'] },
      });
      full.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      full.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
          ]),
        },
      });
    });

    it('lets CloudWatch alarms use the key', () => {
      full.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: Match.arrayEquals(['kms:Decrypt', 'kms:GenerateDataKey']),
            }),
          ]),
        },
      });
    });

    it('has the e-mail subscription only when an address is configured', () => {
      full.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'oncall@example.com',
      });
      defaults.resourceCountIs('AWS::SNS::Subscription', 0);
    });
  });

  describe('the incident table', () => {
    it('has the adapter’s key schema and indexes, on demand, with point-in-time recovery and encryption', () => {
      full.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: INCIDENT_TABLE_SCHEMA.KeySchema,
        AttributeDefinitions: Match.arrayWith(
          INCIDENT_TABLE_SCHEMA.AttributeDefinitions.map((a) => Match.objectLike(a)),
        ),
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        GlobalSecondaryIndexes: ['GSI1', 'GSI2', 'GSI3'].map((name) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: `${name}PK`, KeyType: 'HASH' },
            { AttributeName: `${name}SK`, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      });
      const table = Object.values(full.findResources('AWS::DynamoDB::Table'))[0];
      const attributes = table?.Properties.AttributeDefinitions as {
        AttributeName: string;
        AttributeType: string;
      }[];
      expect(attributes.map((a) => a.AttributeName).sort()).toEqual(
        ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK'].sort(),
      );
      expect(new Set(attributes.map((a) => a.AttributeType))).toEqual(new Set(['S']));
    });
  });

  describe('the dead-letter queue and the alarms', () => {
    it('keeps failed intake events in an encrypted, TLS-only queue', () => {
      full.resourceCountIs('AWS::SQS::Queue', 1);
      full.hasResourceProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1209600,
      });
      full.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('alarms on failed and timed-out executions and on dead letters, notifying the topic', () => {
      const [machineId] = Object.keys(full.findResources('AWS::StepFunctions::StateMachine'));
      const [queueId] = Object.keys(full.findResources('AWS::SQS::Queue'));
      const [topicId] = Object.keys(full.findResources('AWS::SNS::Topic'));
      full.resourceCountIs('AWS::CloudWatch::Alarm', 5);
      const alarm = (name: string, metric: string, namespace: string, dimension: Record<string, Json>) =>
        full.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: name,
          MetricName: metric,
          Namespace: namespace,
          Dimensions: [dimension],
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          AlarmActions: [{ Ref: topicId }],
        });
      alarm('IncidentIQ-prod-executions-failed', 'ExecutionsFailed', 'AWS/States', {
        Name: 'StateMachineArn',
        Value: { Ref: machineId ?? '' },
      });
      alarm('IncidentIQ-prod-executions-timed-out', 'ExecutionsTimedOut', 'AWS/States', {
        Name: 'StateMachineArn',
        Value: { Ref: machineId ?? '' },
      });
      alarm('IncidentIQ-prod-intake-dead-letters', 'ApproximateNumberOfMessagesVisible', 'AWS/SQS', {
        Name: 'QueueName',
        Value: { 'Fn::GetAtt': [queueId ?? '', 'QueueName'] },
      });
    });

    it('alarms on a degraded analysis of any step and on a model fallback, as the functions publish them', () => {
      const [topicId] = Object.keys(full.findResources('AWS::SNS::Topic'));
      // Powertools' namespace and `service` dimension, as the functions' environment sets them.
      const variables = Object.values(full.findResources('AWS::Lambda::Function'))[0]?.Properties.Environment
        .Variables as Record<string, string>;
      const own = (name: string, metric: string) =>
        full.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: name,
          MetricName: metric,
          Namespace: variables.POWERTOOLS_METRICS_NAMESPACE,
          // The total, not one step's or one model's count.
          Dimensions: [{ Name: 'service', Value: variables.POWERTOOLS_SERVICE_NAME }],
          Statistic: 'Sum',
          Period: 300,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [{ Ref: topicId }],
        });
      own('IncidentIQ-prod-degraded-analysis', 'DegradedAnalysis');
      own('IncidentIQ-prod-model-fallback', 'ModelFallback');
    });

    it('has no model-fallback alarm with the offline synthesizer', () => {
      offline.resourceCountIs('AWS::CloudWatch::Alarm', 4);
      const names = Object.values(offline.findResources('AWS::CloudWatch::Alarm')).map(
        (a) => a.Properties.AlarmName,
      );
      expect(names).toContain('IncidentIQ-dev-degraded-analysis');
      expect(names).not.toContain('IncidentIQ-dev-model-fallback');
      expect(
        Object.values(defaults.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmName),
      ).toContain('IncidentIQ-dev-model-fallback');
    });
  });
});
