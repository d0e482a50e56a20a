import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, FULL_CONTEXT, SYNTH_TIMEOUT_MS } from './helpers.ts';

/**
 * cdk-nag 3 is a CDK policy-validation plugin: findings no longer become annotations
 * (`Annotations.fromStack` sees none) but go to the cloud assembly's validation-report.json, and a
 * failing report makes `app.synth()` throw. Both are checked.
 */
interface NagReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string; severity: string; violatingConstructs?: { constructPath: string }[] }[];
  }[];
}

function synthWithNag(app: App, outdir: string): { error: unknown; findings: string[] } {
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  const file = join(outdir, 'validation-report.json');
  const report: NagReport = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { pluginReports: [] };
  const findings = report.pluginReports
    .filter((r) => r.pluginName === 'AwsSolutions')
    .flatMap((r) => r.violations)
    .flatMap((v) =>
      (v.violatingConstructs ?? [{ constructPath: '?' }]).map(
        (c) => `${v.severity} ${v.ruleName} ${c.constructPath}`,
      ),
    );
  return { error, findings };
}

describe('cdk-nag AwsSolutions checks on the app', () => {
  let defaults: { error: unknown; findings: string[] };
  let full: { error: unknown; findings: string[] };
  let probed: { error: unknown; findings: string[] };

  beforeAll(() => {
    const built = buildApp();
    defaults = synthWithNag(built.app, built.outdir);
    // Other wildcard forms: configured log groups, alarm prefixes, a cross-region inference profile.
    const fullBuilt = buildApp(FULL_CONTEXT);
    full = synthWithNag(fullBuilt.app, fullBuilt.outdir);
    // The same app with one non-compliant resource: proves the checks actually run.
    const probe = buildApp();
    new sqs.Queue(probe.stack, 'NonCompliantProbe');
    probed = synthWithNag(probe.app, probe.outdir);
  }, SYNTH_TIMEOUT_MS);

  it('reports no unacknowledged error or warning with the default stage config', () => {
    expect(defaults.findings).toEqual([]);
    expect(defaults.error).toBeUndefined();
  });

  it('reports no unacknowledged error or warning with every option set', () => {
    expect(full.findings).toEqual([]);
    expect(full.error).toBeUndefined();
  });

  it('is live: an unencrypted queue without TLS enforcement fails the synth', () => {
    expect(probed.findings).toEqual(
      expect.arrayContaining([
        'error AwsSolutions-SQS4 IncidentIQ-dev/NonCompliantProbe/Resource',
        'error AwsSolutions-SQS3 IncidentIQ-dev/NonCompliantProbe/Resource',
      ]),
    );
    expect(String(probed.error)).toMatch(/ValidationFailed/);
  });
});
