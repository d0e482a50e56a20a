import { bundleLambda } from './constructs/bundle-lambda.ts';

/**
 * Bundles one Lambda entry to an output file: `node bin/run-ts.js infra/bundle-lambda.ts <entry>
 * <outfile>`. NodejsFunction runs it after its own esbuild pass (analyzer-function.ts), replacing
 * that output with the bundle the bench measures.
 */
const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  process.stderr.write('usage: node bin/run-ts.js infra/bundle-lambda.ts <entry> <outfile>\n');
  process.exit(2);
}
await bundleLambda(entry, outfile);
