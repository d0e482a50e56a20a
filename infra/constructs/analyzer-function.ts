import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/deployment/index.ts';
import type { StepSpec } from '../../shared/workflow/steps/index.ts';
import type { StageConfig } from '../config.ts';
import { aliasArgs, LAMBDA_ESBUILD } from './lambda-bundling.ts';
import { acknowledge } from './nag.ts';

/** The project root: NodejsFunction entries and the lock file are resolved against it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_22_X;
export const POWERTOOLS_SERVICE_NAME = 'incidentiq';
export const POWERTOOLS_METRICS_NAMESPACE = 'IncidentIQ';

/** The resources every function is told about (environment.ts reads them; IAM is granted per step). */
export interface AnalyzerEnvironmentProps {
  reportBucketName: string;
  topicArn: string;
  /** The topic of the chat messages (AWS Chatbot), when a chat channel is configured. */
  chatTopicArn?: string;
  incidentTableName: string;
  config: StageConfig;
  /** Only the intake starts executions. */
  stateMachineArn?: string;
}

/** The environment variables of an analyzer function, named as `shared/composition/environment.ts` reads them. */
export function analyzerEnvironment(props: AnalyzerEnvironmentProps): Record<string, string> {
  const { config } = props;
  return {
    [ENV.reportBucket]: props.reportBucketName,
    [ENV.topicArn]: props.topicArn,
    [ENV.incidentTable]: props.incidentTableName,
    [ENV.logGroupsConfig]: JSON.stringify(config.logGroups),
    [ENV.windowsConfig]: JSON.stringify(config.windows),
    [ENV.synthesizer]: config.synthesizer,
    ...(config.bedrockModelId ? { [ENV.bedrockModelId]: config.bedrockModelId } : {}),
    ...(props.chatTopicArn ? { [ENV.chatTopicArn]: props.chatTopicArn } : {}),
    ...(props.stateMachineArn ? { [ENV.stateMachineArn]: props.stateMachineArn } : {}),
    POWERTOOLS_SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE,
    NODE_OPTIONS: '--enable-source-maps',
  };
}

export interface AnalyzerFunctionProps {
  spec: StepSpec;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /**
   * The handler file instead of the step's `entry` (absolute, or relative to the project root).
   * Tests point every function at a fixture handler.
   */
  entry?: string;
  /** Lambda's asynchronous invocation dead-letter queue (the intake, which EventBridge invokes). */
  deadLetterQueue?: IQueue;
  /** Lambda's own retries of a failed asynchronous invocation. */
  retryAttempts?: number;
}

/**
 * One workflow step as a Lambda function, with the project's defaults: Node 22 on ARM64, bundled
 * locally with esbuild (minified ES module with source maps), an explicit log group with retention,
 * X-Ray active tracing, an explicit role (no managed policies: each step is granted only what it
 * uses), timeout and memory from the step's spec. Reserved concurrency is deliberately not set.
 */
export class AnalyzerFunction extends Construct {
  readonly spec: StepSpec;
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AnalyzerFunctionProps) {
    super(scope, id);
    const { spec } = props;
    this.spec = spec;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `IncidentIQ ${spec.name}: ${spec.description}`,
    });
    // Instead of the AWSLambdaBasicExecutionRole managed policy: write to this function's log group only.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const entry = props.entry ?? spec.entry;
    const entryPath = isAbsolute(entry) ? entry : join(PROJECT_ROOT, entry);
    this.function = new NodejsFunction(this, 'Function', {
      entry: entryPath,
      handler: 'handler',
      description: `IncidentIQ ${spec.name}: ${spec.description}`,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(spec.timeoutSeconds),
      memorySize: spec.memoryMb,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: props.environment,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
      // LAMBDA_ESBUILD's options (lambda-bundling.ts), as the bundle bench measures them.
      bundling: {
        forceDockerBundling: false,
        minify: LAMBDA_ESBUILD.minify,
        sourceMap: LAMBDA_ESBUILD.sourcemap,
        target: LAMBDA_ESBUILD.target,
        format: OutputFormat.ESM,
        mainFields: [...LAMBDA_ESBUILD.mainFields],
        banner: LAMBDA_ESBUILD.banner,
        esbuildArgs: aliasArgs(LAMBDA_ESBUILD.alias),
        // esbuild's command line takes no plugins: the bundle is then rebuilt with them (bundle-lambda.ts).
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir, outputDir) => [rebundleCommand(entryPath, join(outputDir, 'index.mjs'))],
        },
        // The SDK versions the code was tested with, not whichever the runtime ships.
        bundleAwsSDK: true,
      },
    });

    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions (added by Lambda tracing).',
    );
    acknowledge(
      this.function,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the project targets and tests (issue 4 allows 22 or 24); moving to 24 is a deliberate upgrade, not a synth-time default.',
    );
  }

  get functionArn(): string {
    return this.function.functionArn;
  }
}

/** The shell command that rebuilds a function's bundle with the plugins (NodejsFunction runs it in bash). */
export function rebundleCommand(entry: string, outfile: string): string {
  const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;
  return [
    process.execPath,
    join(PROJECT_ROOT, 'bin/run-ts.js'),
    join(PROJECT_ROOT, 'infra/bundle-lambda.ts'),
    entry,
    outfile,
  ]
    .map(quote)
    .join(' ');
}
