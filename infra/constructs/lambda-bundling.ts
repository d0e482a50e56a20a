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

/**
 * The AWS SDK clients' schema modules (`dist-es/schemas/schemas_0.js`: every operation and shape
 * of the service). They key their traits by computed names (`{ [_h]: ... }` with
 * `const _h = "http"`), which esbuild cannot prove free of side effects, so it keeps every schema
 * of every operation: 68 KiB of S3 alone in a bundle that calls GetObject and PutObject.
 */
export const SDK_SCHEMA_MODULE =
  /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

/**
 * A schema module with each computed key that names a module-level string constant written as
 * that string (`{ [_h]: x }` becomes `{ ["http"]: x }`): the same objects, which esbuild now sees
 * are pure, so the schemas no operation reaches are left out. Keys it cannot resolve stay as they
 * are (the module is then only bigger, never different).
 */
export function inlineSchemaKeys(source: string): string {
  const strings = new Map<string, string>();
  for (const m of source.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)) {
    if (m[1] && m[2]) strings.set(m[1], m[2]);
  }
  return source.replace(/\[(_\w+)\]:/g, (key, name: string) => {
    const value = strings.get(name);
    return value === undefined ? key : `[${value}]:`;
  });
}
