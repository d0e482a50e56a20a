#!/usr/bin/env node
// Runs a TypeScript entry file through tsx's loader, so no build step is needed.
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const [, , entry, ...rest] = process.argv;
if (!entry) {
  process.stderr.write('usage: node bin/run-ts.js <file.ts> [args...]\n');
  process.exit(2);
}
register();
process.argv = [process.argv[0] ?? 'node', entry, ...rest];
await import(pathToFileURL(entry).href);
