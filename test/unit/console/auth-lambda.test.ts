import {
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCookies, SESSION_COOKIE, SIGN_IN_COOKIE } from '../../../shared/console/auth/cookies.ts';
import { sealSession } from '../../../shared/console/auth/session.ts';
import { openValue } from '../../../shared/console/auth/signed.ts';
import { hmacSigner } from '../../../shared/console/auth/signer.ts';
import { CONSOLE_AUTH_ENV, CONSOLE_KEY_ENV, ENV } from '../../../shared/deployment/environment-names.ts';
import { SETTINGS, USER } from './auth-fixtures.ts';

const ARN = (name: string) => `arn:aws:secretsmanager:eu-west-1:210987654321:secret:${name}-Ab12Cd`;
const SECRET_VALUES: Record<string, string> = {
  [ARN('session')]: 'lambda-test-session-key-0123456789abcdefghij',
  [ARN('state')]: 'lambda-test-state-key-0123456789abcdefghijkl',
  [ARN('feedback')]: 'lambda-test-feedback-key-0123456789abcdefgh',
};

const secrets = mockClient(SecretsManagerClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const ddb = mockClient(DynamoDBDocumentClient);

const event = (cookies: string[] = [], path = '/'): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: '',
    cookies,
    headers: { host: 'xyz789.execute-api.eu-west-1.amazonaws.com' },
    requestContext: { http: { method: 'GET', path } },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

beforeAll(() => {
  Object.assign(process.env, {
    REPORT_BUCKET: 'reports-bucket',
    TOPIC_ARN: 'arn:aws:sns:eu-west-1:210987654321:incidentiq',
    INCIDENT_TABLE: 'incidents',
    AWS_REGION: 'eu-west-1',
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    [ENV.consoleUrl]: SETTINGS.consoleUrl,
    [CONSOLE_AUTH_ENV.domainUrl]: SETTINGS.domainUrl,
    [CONSOLE_AUTH_ENV.clientId]: SETTINGS.clientId,
    [CONSOLE_AUTH_ENV.userPoolId]: SETTINGS.userPoolId,
    [CONSOLE_AUTH_ENV.region]: SETTINGS.region,
    [CONSOLE_KEY_ENV.session]: ARN('session'),
    [CONSOLE_KEY_ENV.state]: ARN('state'),
    [CONSOLE_KEY_ENV.feedback]: ARN('feedback'),
  });
});

beforeEach(() => {
  secrets.reset();
  secrets.on(GetSecretValueCommand).callsFake((input: { SecretId: string; VersionStage?: string }) => {
    const value = SECRET_VALUES[input.SecretId];
    if (!value || input.VersionStage === 'AWSPREVIOUS')
      throw new ResourceNotFoundException({ message: 'none', $metadata: {} });
    return { SecretString: value };
  });
  ddb.reset();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(GetCommand).resolves({});
});

afterAll(() => {
  secrets.restore();
  cognito.restore();
  ddb.restore();
});

const enabled = (yes: boolean) => {
  cognito.reset();
  cognito.on(AdminGetUserCommand).resolves({
    Username: USER.username,
    Enabled: yes,
    UserStatus: 'CONFIRMED',
    UserAttributes: [
      { Name: 'sub', Value: USER.sub },
      { Name: 'email_verified', Value: 'true' },
    ],
  });
};

describe('the console Lambda', () => {
  it('reads its keys from the secrets its environment names, and signs the sign-in state with the state key', async () => {
    const { handler } = await import('../../../functions/console.ts');
    const res = await handler(event());

    expect(res.statusCode).toBe(302);
    const location = new URL(String(res.headers?.location));
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    const state = location.searchParams.get('state') ?? '';
    expect(openValue(hmacSigner(SECRET_VALUES[ARN('state')] ?? ''), 'state', state)).not.toBeNull();
    expect(openValue(hmacSigner(SECRET_VALUES[ARN('session')] ?? ''), 'state', state)).toBeNull();
    expect(parseCookies(String(res.headers?.['set-cookie']))[SIGN_IN_COOKIE]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const asked = new Set(secrets.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId));
    expect(asked).toEqual(new Set(Object.keys(SECRET_VALUES)));
  });

  it('opens for a session sealed under the session key while Cognito says the user is enabled, and not after', async () => {
    const { handler } = await import('../../../functions/console.ts');
    const now = Math.floor(Date.now() / 1000);
    const cookie = sealSession(hmacSigner(SECRET_VALUES[ARN('session')] ?? ''), {
      id: 'lambda-sign-in',
      ...USER,
      issuedAt: now - 10,
      expiresAt: now + 600,
    });

    enabled(true);
    const open = await handler(event([`${SESSION_COOKIE}=${cookie}`]));
    expect(open.statusCode).toBe(200);
    expect(cognito.commandCalls(AdminGetUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: SETTINGS.userPoolId,
      Username: USER.username,
    });

    // Another user name is another check (the enabled answer above is remembered per user).
    enabled(false);
    const other = sealSession(hmacSigner(SECRET_VALUES[ARN('session')] ?? ''), {
      id: 'lambda-sign-in-2',
      ...USER,
      username: 'u-disabled',
      issuedAt: now - 10,
      expiresAt: now + 600,
    });
    const refused = await handler(event([`${SESSION_COOKIE}=${other}`]));
    expect(refused.statusCode).toBe(302);
    expect(String(refused.headers?.location)).toContain('/oauth2/authorize?');
  });

  it('at logout records the revocation in the incident table, signs the user out at Cognito, then refuses the session', async () => {
    const { handler } = await import('../../../functions/console.ts');
    const now = Math.floor(Date.now() / 1000);
    const cookie = sealSession(hmacSigner(SECRET_VALUES[ARN('session')] ?? ''), {
      id: 'lambda-sign-in-3',
      ...USER,
      issuedAt: now - 10,
      expiresAt: now + 600,
    });
    enabled(true);
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});

    const out = await handler(event([`${SESSION_COOKIE}=${cookie}`], '/auth/logout'));
    expect(out.statusCode).toBe(302);
    const update = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update).toMatchObject({
      TableName: 'incidents',
      Key: { PK: `SESSIONS#${USER.sub}`, SK: 'REVOKED' },
    });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]?.args[0].input).toEqual({
      UserPoolId: SETTINGS.userPoolId,
      Username: USER.username,
    });

    const at = update?.ExpressionAttributeValues?.[':at'] as number;
    ddb.on(GetCommand).resolves({ Item: { PK: `SESSIONS#${USER.sub}`, SK: 'REVOKED', revokedAt: at } });
    const after = await handler(event([`${SESSION_COOKIE}=${cookie}`]));
    expect(after.statusCode).toBe(302);
    expect(String(after.headers?.location)).toContain('/oauth2/authorize?');
    expect(ddb.commandCalls(GetCommand).at(-1)?.args[0].input).toMatchObject({ ConsistentRead: true });
  });
});
