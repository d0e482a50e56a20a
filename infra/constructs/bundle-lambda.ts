import { readFile } from 'node:fs/promises';
import { build, type Metafile, type Plugin } from 'esbuild';
import { inlineSchemaKeys, lambdaBuildOptions, SDK_SCHEMA_MODULE } from './lambda-bundling.ts';

/** Loads the SDK's schema modules with their computed keys inlined (see inlineSchemaKeys). */
export const sdkSchemaKeys: Plugin = {
  name: 'incidentiq-sdk-schema-keys',
  setup(builder) {
    builder.onLoad({ filter: SDK_SCHEMA_MODULE }, async (args) => ({
      contents: inlineSchemaKeys(await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};

/**
 * One Lambda bundle, as the stack deploys it and the bench measures it: `entry` bundled with the
 * Lambda options and the schema plugin to `outfile` (and its source map). esbuild's command line
 * (which NodejsFunction runs) takes no plugins, so the stack runs this after it
 * (infra/bundle-lambda.ts, over the output NodejsFunction wrote).
 */
export async function bundleLambda(entry: string, outfile: string): Promise<Metafile> {
  const result = await build({
    ...lambdaBuildOptions(),
    entryPoints: [entry],
    outfile,
    plugins: [sdkSchemaKeys],
    metafile: true,
    logLevel: 'error',
  });
  return result.metafile;
}
