import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The SDK clients' credential chain inside a Lambda bundle. Lambda hands a function its role's
 * credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, so the default
 * chain's other providers (SSO, STS assume-role and web identity, ini files, processes, IMDS),
 * about 120 KiB of every bundle, never answer there. The Lambda bundling aliases
 * `@aws-sdk/credential-provider-node` to this module (infra/constructs/lambda-bundling.ts); the CLI
 * and the tests import the real package and keep the whole chain.
 *
 * The name and signature are the package's: every client's runtime config calls
 * `defaultProvider(init)` and expects a credentials provider back.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
