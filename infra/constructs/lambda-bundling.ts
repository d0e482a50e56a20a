import { fileURLToPath } from 'node:url';

/**
 * How every Lambda function is bundled, in one place: the stack (NodejsFunction, in
 * analyzer-function.ts) and the bundle bench (bench/bundle-bench.ts) both read these options, so
 * the sizes the bench prints are the sizes deployed. Plain values (esbuild's own option names), no
 * CDK import: the bench hands them to esbuild's API, the construct to NodejsFunction's bundling.
 */

/**
 * ESM output: `require` does not exist in an ES module, but CommonJS dependencies bundled into it
 * may call it (for Node built-ins). The banner defines it from `import.meta.url`.
 */
export const ESM_BANNER =
  "import { createRequire as __iqCreateRequire } from 'node:module'; const require = __iqCreateRequire(import.meta.url);";

/**
 * Packages replaced in the Lambda bundles only. The SDK's default credential chain
 * (@aws-sdk/credential-provider-node: SSO, STS, web identity, ini files, processes, IMDS, with
 * their nested clients) costs about 120 KiB of every bundle, yet in Lambda the role's credentials
 * are always in the environment: the functions resolve them with `fromEnv`
 * (shared/composition/lambda-credentials.ts). The CLI is not bundled this way and keeps the chain.
 */
export const LAMBDA_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': fileURLToPath(
    new URL('../../shared/composition/lambda-credentials.ts', import.meta.url),
  ),
};

/**
 * esbuild's options for a Lambda bundle: an ES module for Node 22, minified, with a source map,
 * resolving packages to their ES builds (`module` before `main`) so the SDK's are tree-shaken.
 * The AWS SDK is bundled in on purpose (the versions tested are the ones run).
 */
export const LAMBDA_ESBUILD = {
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: true,
  mainFields: ['module', 'main'],
  banner: ESM_BANNER,
  alias: LAMBDA_ALIASES,
} as const;

/** The aliases as NodejsFunction's `esbuildArgs` (it renders each as `--alias:<package>=<path>`). */
export function aliasArgs(aliases: Readonly<Record<string, string>>): { '--alias': string[] } {
  return { '--alias': Object.entries(aliases).map(([pkg, path]) => `${pkg}=${path}`) };
}

/** LAMBDA_ESBUILD in the shape of esbuild's `build()` options (for the bench and the bundle tests). */
export function lambdaBuildOptions() {
  return {
    bundle: true,
    platform: LAMBDA_ESBUILD.platform,
    format: LAMBDA_ESBUILD.format,
    target: LAMBDA_ESBUILD.target,
    minify: LAMBDA_ESBUILD.minify,
    sourcemap: LAMBDA_ESBUILD.sourcemap,
    mainFields: [...LAMBDA_ESBUILD.mainFields],
    banner: { js: LAMBDA_ESBUILD.banner },
    alias: { ...LAMBDA_ESBUILD.alias },
  };
}
