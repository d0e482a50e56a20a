import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { INCIDENT_INDEXES } from '../../shared/adapters/aws/dynamodb-incident-store.ts';
import { CONSOLE_TOKEN_SECRET_ENV } from '../../shared/console/server/feedback-tokens.ts';
import type { StepSpec } from '../../shared/workflow/steps.ts';
import type { StageConfig } from '../config.ts';
import { AnalyzerFunction } from './analyzer-function.ts';
import { type IncidentStore, REPORTS_PREFIX } from './incident-store.ts';
import { acknowledge, acknowledgeWildcardResources } from './nag.ts';

const CONSOLE_SPEC = {
  name: 'console',
  description: 'Serves the web console: the incident list, the reports and the feedback form',
  entry: 'functions/console.ts',
  // API Gateway gives up on an integration after 30 s.
  timeoutSeconds: 29,
  memoryMb: 512,
  inStateMachine: false,
  retry: [],
  catchTo: null,
  next: null,
} as const;

/**
 * The console function's spec: no workflow step, but built with the same function defaults.
 * AnalyzerFunction reads only the name, description, entry, timeout and memory of a spec, so the
 * cast (the step name type admits workflow steps only) is confined to this line.
 */
export const CONSOLE_FUNCTION_SPEC = CONSOLE_SPEC as unknown as StepSpec;

/** Requests per second (and burst) the console's stage accepts: a handful of people browsing. */
export const CONSOLE_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;

/** One JSON object per request, the signed-in user by Cognito `sub`. */
export const CONSOLE_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  user: '$context.authorizer.claims.sub',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
});

export interface ConsoleProps {
  config: StageConfig;
  store: IncidentStore;
  /** The functions' environment (analyzerEnvironment); the token secret is added here. */
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** A handler file instead of `functions/console.ts` (tests use a fixture). */
  entry?: string;
}

/**
 * The web console in AWS: an HTTP API whose every route needs a Cognito user pool JWT (the
 * `Authorization` header: an ID or access token of the console's app client), in front of the
 * console function. The pool has no self sign-up (an administrator creates the users), requires
 * TOTP MFA, and is on the Plus feature plan with threat protection enforcing. The function reads
 * the incident table (the item and the recent-month index) and the reports under `reports/`, and
 * writes incident items (feedback). The feedback form's token secret is a generated Secrets
 * Manager secret, resolved by CloudFormation into the function's (encrypted) environment.
 */
export class Console extends Construct {
  readonly function: AnalyzerFunction;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly tokenSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const { store } = props;

    this.tokenSecret = new secretsmanager.Secret(this, 'FeedbackTokenSecret', {
      description: `IncidentIQ ${props.config.stage} console: key of the feedback form's anti-forgery tokens`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(
      this.tokenSecret,
      'AwsSolutions-SMG4',
      'An HMAC key for anti-forgery tokens of the feedback form, not a credential: rotating it only invalidates forms open at that moment. Rotate by redeploying after changing the secret.',
    );

    this.function = new AnalyzerFunction(this, 'console', {
      spec: CONSOLE_FUNCTION_SPEC,
      environment: {
        ...props.environment,
        // A dynamic reference: CloudFormation resolves it at deploy time, the template holds no secret.
        [CONSOLE_TOKEN_SECRET_ENV]: this.tokenSecret.secretValue.unsafeUnwrap(),
      },
      logRetention: props.logRetention,
      ...(props.entry ? { entry: props.entry } : {}),
    });
    this.grantData(store);

    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPoolClient = this.userPool.addClient('ConsoleClient', {
      authFlows: { userSrp: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: `IncidentIQ ${props.config.stage}: the web console (Cognito sign-in required)`,
      createDefaultStage: false,
      defaultAuthorizer: new HttpUserPoolAuthorizer('ConsoleUsers', this.userPool, {
        userPoolClients: [this.userPoolClient],
      }),
    });
    const integration = new HttpLambdaIntegration('ConsoleFunction', this.function.function);
    const { GET, HEAD, POST } = apigwv2.HttpMethod;
    for (const [path, methods] of [
      ['/', [GET, HEAD]],
      ['/assets/console.css', [GET, HEAD]],
      ['/incidents/{incidentId}', [GET, HEAD]],
      ['/incidents/{incidentId}/feedback', [POST]],
    ] as const) {
      this.api.addRoutes({ path, methods: [...methods], integration });
    }

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: CONSOLE_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(CONSOLE_ACCESS_LOG_FORMAT),
      },
    });
  }

  /** The console's address (the `$default` stage: the console's paths sit at its root). */
  get url(): string {
    return this.api.apiEndpoint;
  }

  /** Read the table (items and the recent-month index), write items (feedback), read the reports. */
  private grantData(store: IncidentStore): void {
    const role = this.function.role;
    const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions, resources, ...(conditions ? { conditions } : {}) }),
      );
    allow(['dynamodb:GetItem', 'dynamodb:PutItem'], [store.table.tableArn]);
    allow(['dynamodb:Query'], [`${store.table.tableArn}/index/${INCIDENT_INDEXES.recent}`]);
    const reports = store.bucket.arnForObjects(`${REPORTS_PREFIX}*`);
    allow(['s3:GetObject'], [reports]);
    // Without ListBucket a missing report is AccessDenied instead of NoSuchKey.
    allow(['s3:ListBucket'], [store.bucket.bucketArn], {
      StringLike: { 's3:prefix': [`${REPORTS_PREFIX}*`] },
    });
    acknowledgeWildcardResources(
      role,
      [reports],
      'Reports are kept per incident under reports/<date>/<id>/, created at run time: read-only, this prefix of this one bucket.',
    );
  }
}
