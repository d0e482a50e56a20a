import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_FUNCTION_SPEC, CONSOLE_THROTTLE } from '../../infra/constructs/console.ts';
import { CONSOLE_AUTH_ENV, CONSOLE_KEY_ENV, ENV } from '../../shared/deployment/index.ts';
import {
  buildApp,
  FULL_CONTEXT,
  flatten,
  functionLogicalId,
  type Json,
  SYNTH_TIMEOUT_MS,
} from './helpers.ts';

type Resources = Record<string, { Type: string; Properties?: Record<string, Json> }>;

/** A function's environment variables, by logical id. */
function variablesOf(resources: Resources, logicalId: string): Record<string, Json> {
  const environment = resources[logicalId]?.Properties?.Environment as
    | { Variables?: Record<string, Json> }
    | undefined;
  return environment?.Variables ?? {};
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: Json;
  Condition?: Json;
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const only = <T>(items: T[], what: string): T => {
  if (items.length !== 1) throw new Error(`expected one ${what}, found ${items.length}`);
  return items[0] as T;
};

/** action -> flattened resources, over the identity policies of the console function's role. */
function consoleGrants(template: Template): { grants: Map<string, string[]>; statements: Statement[] } {
  const resources = template.toJSON().Resources as Resources;
  const fn = resources[functionLogicalId(template, 'console')];
  const roleId = (fn?.Properties?.Role as { 'Fn::GetAtt'?: string[] } | undefined)?.['Fn::GetAtt']?.[0];
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) =>
      asArray(r.Properties?.Roles as Json[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }),
      ),
    )
    .flatMap(
      (r) => (r.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [],
    );
  const grants = new Map<string, string[]>();
  for (const s of statements.filter((st) => st.Effect === 'Allow')) {
    for (const action of asArray(s.Action)) {
      grants.set(action, [
        ...(grants.get(action) ?? []),
        ...asArray(s.Resource as Json).map((r) => flatten(r)),
      ]);
    }
  }
  return { grants, statements };
}

describe('the console in the analyzer stack', () => {
  let template: Template;
  let resources: Resources;

  beforeAll(() => {
    template = Template.fromStack(buildApp(FULL_CONTEXT).stack);
    resources = template.toJSON().Resources as Resources;
  }, SYNTH_TIMEOUT_MS);

  const logicalIdOf = (type: string): string => only(Object.keys(template.findResources(type)), type);

  describe('the API', () => {
    it('is one HTTP API with the console and sign-in routes only, none behind an API Gateway authorizer', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
      // The function authenticates (a session cookie after the hosted UI sign-in): a browser
      // following a link sends no Authorization header for a JWT authorizer to check.
      template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
      const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));

      expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual([
        'GET /',
        'GET /assets/console.css',
        'GET /auth/callback',
        'GET /auth/logout',
        'GET /incidents/{incidentId}',
        'HEAD /',
        'HEAD /assets/console.css',
        'HEAD /incidents/{incidentId}',
        'POST /incidents/{incidentId}/feedback',
        'POST /incidents/{incidentId}/status',
      ]);
      for (const route of routes) {
        expect(route.Properties.AuthorizationType ?? 'NONE', route.Properties.RouteKey).toBe('NONE');
        expect(route.Properties.AuthorizerId, route.Properties.RouteKey).toBeUndefined();
      }
    });

    it('has one $default stage, deployed automatically, throttled, with JSON access logs', () => {
      const accessLogs = only(
        Object.entries(resources)
          .filter(([, r]) => r.Type === 'AWS::Logs::LogGroup')
          .map(([id]) => id)
          .filter((id) => id.startsWith('ConsoleAccessLogs')),
        'access log group',
      );
      template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: {
          ThrottlingRateLimit: CONSOLE_THROTTLE.rateLimit,
          ThrottlingBurstLimit: CONSOLE_THROTTLE.burstLimit,
        },
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [accessLogs, 'Arn'] },
          Format: Match.anyValue(),
        },
      });
      const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
      const format = JSON.parse(stage?.Properties.AccessLogSettings.Format as string) as Record<
        string,
        string
      >;
      expect(format).toMatchObject({
        requestId: '$context.requestId',
        status: '$context.status',
      });
      // No authorizer, so no user here: the console function logs it.
      expect(Object.values(format).join(' ')).not.toContain('$context.authorizer');
      expect(resources[accessLogs]?.Properties?.RetentionInDays).toBe(90);
    });

    it('alone may invoke the console function, from this API', () => {
      const fn = functionLogicalId(template, 'console');
      const api = logicalIdOf('AWS::ApiGatewayV2::Api');
      const permissions = Object.values(resources).filter(
        (r) =>
          r.Type === 'AWS::Lambda::Permission' &&
          JSON.stringify(r.Properties?.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [fn, 'Arn'] }),
      );

      expect(permissions.length).toBeGreaterThan(0);
      for (const permission of permissions) {
        expect(permission.Properties?.Principal).toBe('apigateway.amazonaws.com');
        expect(flatten(permission.Properties?.SourceArn as Json)).toMatch(
          new RegExp(`^arn:aws:execute-api:eu-west-1:123456789012:\\$\\{${api}\\}/\\*/\\*/`),
        );
      }
    });
  });

  describe('the user pool, its hosted UI and the app client', () => {
    it('has a hosted UI domain named after the stage and the account', () => {
      const pool = logicalIdOf('AWS::Cognito::UserPool');
      template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
      template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: 'incidentiq-prod-123456789012',
        UserPoolId: { Ref: pool },
      });
    });

    it('gives the console client the authorization code grant, openid and email, back to the console', () => {
      const api = logicalIdOf('AWS::ApiGatewayV2::Api');
      const client = resources[logicalIdOf('AWS::Cognito::UserPoolClient')]?.Properties ?? {};

      expect(client).toMatchObject({
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        SupportedIdentityProviders: ['COGNITO'],
        GenerateSecret: false,
      });
      expect(asArray(client.CallbackURLs as Json[]).map((u) => flatten(u))).toEqual([
        `\${${api}.ApiEndpoint}/auth/callback`,
      ]);
      expect(asArray(client.LogoutURLs as Json[]).map((u) => flatten(u))).toEqual([
        `\${${api}.ApiEndpoint}/`,
      ]);
    });

    it('lets only administrators create users, requires TOTP MFA and a strong password, with threat protection', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
      });
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_SRP_AUTH']),
        GenerateSecret: false,
        PreventUserExistenceErrors: 'ENABLED',
      });
    });
  });

  describe('the console function', () => {
    it('has the analyzer function defaults, the ARNs of its keys (never their values) and the sign-in settings', () => {
      const fn = resources[functionLogicalId(template, 'console')];

      expect(fn?.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Timeout: CONSOLE_FUNCTION_SPEC.timeoutSeconds,
        MemorySize: CONSOLE_FUNCTION_SPEC.memoryMb,
        LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/^Consoleconsole/) } },
      });
      const variables = variablesOf(resources, functionLogicalId(template, 'console'));
      const secrets = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
      const keyRefs = Object.values(CONSOLE_KEY_ENV).map((name) => variables[name]);
      expect(keyRefs).toHaveLength(3);
      for (const ref of keyRefs) expect(secrets).toContain((ref as { Ref?: string }).Ref);
      expect(new Set(keyRefs.map((ref) => JSON.stringify(ref))).size).toBe(3);
      expect(JSON.stringify(variables)).not.toMatch(/resolve:secretsmanager/i);
      const api = logicalIdOf('AWS::ApiGatewayV2::Api');
      const domain = logicalIdOf('AWS::Cognito::UserPoolDomain');
      expect(variables[ENV.consoleUrl]).toEqual({ 'Fn::GetAtt': [api, 'ApiEndpoint'] });
      expect(flatten(variables[CONSOLE_AUTH_ENV.domainUrl] as Json)).toBe(
        `https://\${${domain}}.auth.eu-west-1.amazoncognito.com`,
      );
      expect(variables[CONSOLE_AUTH_ENV.clientId]).toEqual({
        Ref: logicalIdOf('AWS::Cognito::UserPoolClient'),
      });
      expect(variables[CONSOLE_AUTH_ENV.userPoolId]).toEqual({ Ref: logicalIdOf('AWS::Cognito::UserPool') });
      expect(variables[CONSOLE_AUTH_ENV.region]).toBe('eu-west-1');
      expect(flatten(variables[ENV.incidentTable] as Json)).toMatch(/^\$\{StoreIncidents[0-9A-F]+\}$/);
      expect(flatten(variables[ENV.reportBucket] as Json)).toMatch(/^\$\{StoreReports[0-9A-F]+\}$/);
    });

    it('reads the table and its recent-month index, writes items, and reads only the reports', () => {
      const { grants, statements } = consoleGrants(template);
      const table = expect.stringMatching(/^\$\{StoreIncidents[0-9A-F]+\.Arn\}$/);

      expect(grants.get('dynamodb:GetItem')).toEqual([table]);
      expect(grants.get('dynamodb:PutItem')).toEqual([table]);
      expect(grants.get('dynamodb:UpdateItem')).toEqual([table]);
      expect(grants.get('dynamodb:Query')).toEqual([
        expect.stringMatching(/^\$\{StoreIncidents[0-9A-F]+\.Arn\}\/index\/GSI3$/),
      ]);
      expect(grants.get('s3:GetObject')).toEqual([
        expect.stringMatching(/^\$\{StoreReports[0-9A-F]+\.Arn\}\/reports\/\*$/),
      ]);
      const list = statements.find((s) => asArray(s.Action).includes('s3:ListBucket'));
      expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['reports/*'] } });
      const data = [...grants.keys()].filter((a) =>
        /^(dynamodb|s3|sns|states|kms|secretsmanager|cognito-idp):/.test(a),
      );
      expect(data.sort()).toEqual([
        'cognito-idp:AdminGetUser',
        'cognito-idp:AdminUserGlobalSignOut',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        's3:GetObject',
        's3:ListBucket',
        'secretsmanager:GetSecretValue',
      ]);
    });

    it('has one generated key per purpose, readable by the console function alone among them', () => {
      const secrets = template.findResources('AWS::SecretsManager::Secret');
      const variables = variablesOf(resources, functionLogicalId(template, 'console'));
      const { grants } = consoleGrants(template);

      expect(Object.keys(secrets)).toHaveLength(3);
      const descriptions = Object.values(secrets).map((r) => String(r.Properties.Description));
      expect(descriptions.some((d) => d.includes('session cookie'))).toBe(true);
      expect(descriptions.some((d) => d.includes('OAuth state'))).toBe(true);
      expect(descriptions.some((d) => d.includes('feedback form'))).toBe(true);
      for (const secret of Object.values(secrets)) {
        expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
      }
      expect(grants.get('secretsmanager:GetSecretValue')?.sort()).toEqual(
        Object.values(CONSOLE_KEY_ENV)
          .map((name) => flatten(variables[name] as Json))
          .sort(),
      );
      expect(grants.get('cognito-idp:AdminGetUser')).toEqual([
        `\${${logicalIdOf('AWS::Cognito::UserPool')}.Arn}`,
      ]);
    });
  });

  it('gives publish and record-failure the console address for their links, and outputs it', () => {
    const api = logicalIdOf('AWS::ApiGatewayV2::Api');
    for (const step of ['publish', 'record-failure']) {
      const variables = variablesOf(resources, functionLogicalId(template, step));
      expect(variables[ENV.consoleUrl], step).toEqual({ 'Fn::GetAtt': [api, 'ApiEndpoint'] });
    }
    const outputs = template.toJSON().Outputs as Record<string, { Value: Json }>;
    expect(outputs.ConsoleUrl?.Value).toEqual({ 'Fn::GetAtt': [api, 'ApiEndpoint'] });
    expect(outputs.ConsoleUserPoolId).toBeDefined();
    expect(outputs.ConsoleUserPoolClientId).toBeDefined();
  });
});
