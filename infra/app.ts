/**
 * The CDK app entry (`cdk.json`: `node bin/run-ts.js infra/app.ts`). Context values: see
 * docs/deploy.md and infra/config.ts.
 */
import { createAnalyzerApp } from './analyzer-app.ts';

const { app } = createAnalyzerApp();
app.synth();
