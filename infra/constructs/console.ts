import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  AUTH_CALLBACK_PATH,
  AUTH_LOGOUT_PATH,
  CONSOLE_AUTH_ENV,
  CONSOLE_KEY_ENV,
  ENV,
  INCIDENT_INDEXES,
  type KeyPurpose,
} from '../../shared/deployment/index.ts';
import type { StepSpec } from '../../shared/workflow/steps/index.ts';
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

/**
 * One JSON object per request. API Gateway no longer knows the user (the function authenticates):
 * the console function's log has the signed-in user's Cognito `sub` as `user`, same request id.
 */
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
  integrationError: '$context.integrationErrorMessage',
});

export interface ConsoleProps {
  config: StageConfig;
  store: IncidentStore;
  /** The functions' environment (analyzerEnvironment); the sign-in settings are added here. */
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  /** A handler file instead of `functions/console.ts` (tests use a fixture). */
  entry?: string;
}

/** What each of the console's keys signs (the secrets' descriptions). */
const KEY_USES: Record<KeyPurpose, string> = {
  session: 'the session cookie',
  state: 'the OAuth state of a sign-in in progress',
  feedback: "the feedback form's anti-forgery tokens",
};

/** The hosted UI's domain prefix: unique per stage and account (Cognito prefixes are global per region). */
export const consoleDomainPrefix = (stage: string, account: string): string =>
  `incidentiq-${stage}-${account}`;

/**
 * The web console in AWS: an HTTP API in front of the console function, which signs people in
 * itself through the Cognito hosted UI (authorization code flow; `shared/console/auth/`) and keeps
 * the session in an HttpOnly cookie. API Gateway's JWT authorizer is not used: it wants an
 * `Authorization: Bearer` header, which a browser following a link (from the notification e-mail,
 * from chat) never sends, and the console's pages have no JavaScript to add it. The pool has no self sign-up (an administrator creates the users), requires
 * TOTP MFA, and is on the Plus feature plan with threat protection enforcing. The function reads
 * the incident table (the item and the recent-month index) and the reports under `reports/`, and
 * writes incident items (feedback). It checks each session's user with Cognito (AdminGetUser), so
 * disabling a user ends their sessions within a minute. Its HMAC keys, one per purpose (session
 * cookie, sign-in state, feedback tokens), are generated Secrets Manager secrets that the function
 * reads at run time: its environment holds their ARNs, never their values.
 */
export class Console extends Construct {
  readonly function: AnalyzerFunction;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly userPoolDomain: cognito.UserPoolDomain;
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly keys: Record<KeyPurpose, secretsmanager.Secret>;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const { store } = props;

    const key = (purpose: KeyPurpose, id: string): secretsmanager.Secret => {
      const secret = new secretsmanager.Secret(this, id, {
        description: `IncidentIQ ${props.config.stage} console: HMAC key of ${KEY_USES[purpose]}`,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
      });
      acknowledge(
        secret,
        'AwsSolutions-SMG4',
        `An HMAC key of ${KEY_USES[purpose]}, not a credential users hold. Rotate it by putting a new value (aws secretsmanager put-secret-value): the function signs with AWSCURRENT and still accepts AWSPREVIOUS, and reads the secret again within 5 minutes.`,
      );
      return secret;
    };
    this.keys = {
      session: key('session', 'SessionKey'),
      state: key('state', 'StateKey'),
      feedback: key('feedback', 'FeedbackKey'),
    };

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
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: `IncidentIQ ${props.config.stage}: the web console (Cognito sign-in in the function)`,
      createDefaultStage: false,
    });
    acknowledge(
      this.api,
      'AwsSolutions-APIG4',
      'Authorization is done in the console function: every route but the stylesheet requires a session cookie issued after a Cognito hosted UI sign-in (authorization code flow, ID token verified against the pool JWKS). A JWT authorizer cannot be used: browsers following links send no Authorization header and the pages have no JavaScript.',
    );

    this.userPoolClient = this.userPool.addClient('ConsoleClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${this.api.apiEndpoint}${AUTH_CALLBACK_PATH}`],
        logoutUrls: [`${this.api.apiEndpoint}/`],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    const stack = Stack.of(this);
    this.userPoolDomain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: consoleDomainPrefix(props.config.stage, stack.account) },
    });

    this.function = new AnalyzerFunction(this, 'console', {
      spec: CONSOLE_FUNCTION_SPEC,
      environment: {
        ...props.environment,
        // ARNs only: the function reads the keys at run time (the environment holds no secret).
        [CONSOLE_KEY_ENV.session]: this.keys.session.secretArn,
        [CONSOLE_KEY_ENV.state]: this.keys.state.secretArn,
        [CONSOLE_KEY_ENV.feedback]: this.keys.feedback.secretArn,
        [ENV.consoleUrl]: this.api.apiEndpoint,
        [CONSOLE_AUTH_ENV.domainUrl]: this.userPoolDomain.baseUrl(),
        [CONSOLE_AUTH_ENV.clientId]: this.userPoolClient.userPoolClientId,
        [CONSOLE_AUTH_ENV.userPoolId]: this.userPool.userPoolId,
        [CONSOLE_AUTH_ENV.region]: stack.region,
      },
      logRetention: props.logRetention,
      ...(props.entry ? { entry: props.entry } : {}),
    });
    this.grantData(store);
    this.grantSignIn();

    const integration = new HttpLambdaIntegration('ConsoleFunction', this.function.function);
    const { GET, HEAD, POST } = apigwv2.HttpMethod;
    for (const [path, methods] of [
      ['/', [GET, HEAD]],
      ['/assets/console.css', [GET, HEAD]],
      ['/incidents/{incidentId}', [GET, HEAD]],
      ['/incidents/{incidentId}/feedback', [POST]],
      ['/incidents/{incidentId}/status', [POST]],
      [AUTH_CALLBACK_PATH, [GET]],
      [AUTH_LOGOUT_PATH, [GET]],
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

  /** Read its three keys, look up the pool's users (is a session's user still enabled?), sign them out at logout. */
  private grantSignIn(): void {
    const role = this.function.role;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: Object.values(this.keys).map((secret) => secret.secretArn),
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminUserGlobalSignOut'],
        resources: [this.userPool.userPoolArn],
      }),
    );
  }

  /** Read the table (items and the recent-month index), write items (feedback), read the reports. */
  private grantData(store: IncidentStore): void {
    const role = this.function.role;
    const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions, resources, ...(conditions ? { conditions } : {}) }),
      );
    // UpdateItem: the status and owner form (updateTriage) sets one attribute of an incident.
    allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [store.table.tableArn]);
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
