import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { AnalyzerFunction, rebundleCommand } from '../../infra/constructs/analyzer-function.ts';
import { STEPS } from '../../shared/workflow/steps/index.ts';
import { SYNTH_TIMEOUT_MS } from './helpers.ts';

describe('the bundle a function deploys', () => {
  it('quotes each part of the rebuild command for the shell', () => {
    expect(rebundleCommand("/a b/it's.ts", '/out/index.mjs')).toMatch(
      /'\/a b\/it'\\''s\.ts' '\/out\/index\.mjs'$/,
    );
  });

  it(
    'is the plugin-built bundle: the S3 schemas of operations the step never calls are left out',
    () => {
      const app = new App();
      const stack = new Stack(app, 'BundleProbe');
      const spec = STEPS.find((s) => s.name === 'analyze');
      if (!spec) throw new Error('no analyze step');
      const fn = new AnalyzerFunction(stack, 'Analyze', {
        spec,
        environment: {},
        logRetention: logs.RetentionDays.ONE_WEEK,
      });
      const assembly = app.synth();
      const assetPath = (fn.function.node.findChild('Code') as unknown as { assetPath?: string }).assetPath;
      const dir = assetPath ? join(assembly.directory, assetPath) : '';
      expect(existsSync(join(dir, 'index.mjs')), dir).toBe(true);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code).toContain('"/{Key+}?x-id=GetObject"');
      expect(code).not.toContain('"/?website"');
      // The credential chain is aliased out: no SSO token reading in the bundle.
      expect(code).not.toContain('@aws-sdk/credential-provider-sso');
    },
    SYNTH_TIMEOUT_MS,
  );
});
