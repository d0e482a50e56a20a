#!/usr/bin/env node
// The CLI launcher: loads the TypeScript sources through tsx, so `npx incidentiq` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
