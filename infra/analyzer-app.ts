import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { StepSpec } from '../shared/workflow/steps/index.ts';
import { AnalyzerStack } from './analyzer-stack.ts';
import { readStageConfig } from './config.ts';

export interface AnalyzerAppOptions {
  /** Context on top of what the CDK CLI passes (tests give cdk.json's context and overrides). */
  context?: Record<string, unknown>;
  outdir?: string;
  /** CDK's built-in CloudFormation schema validation at synth (default on; tests turn it off for speed). */
  builtinCloudFormationValidation?: boolean;
  /** A handler file per step instead of `functions/<step>.ts` (tests). */
  entry?: (spec: StepSpec) => string | undefined;
}

/**
 * The CDK app: one analyzer stack for the stage named in the context, checked app-wide by the
 * cdk-nag AwsSolutions pack (each acknowledgement is made, with its reason, next to the resource).
 * No lookups: `cdk synth` needs neither credentials nor network. Without credentials the account
 * stays a deploy-time parameter and the region falls back to us-east-1.
 */
export function createAnalyzerApp(options: AnalyzerAppOptions = {}): { app: App; stack: AnalyzerStack } {
  const app = new App({
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
    ...(options.builtinCloudFormationValidation === undefined
      ? {}
      : { builtinCloudFormationValidation: options.builtinCloudFormationValidation }),
  });
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const config = readStageConfig(context);
  const text = (key: string): string | undefined => {
    const value = context(key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const account = text('account') ?? process.env.CDK_DEFAULT_ACCOUNT;
  const region = text('region') ?? process.env.CDK_DEFAULT_REGION ?? 'us-east-1';

  const stack = new AnalyzerStack(app, `IncidentIQ-${config.stage}`, {
    env: { ...(account ? { account } : {}), region },
    description: `IncidentIQ (${config.stage}): analyzes CloudWatch alarms into root-cause reports`,
    config,
    ...(options.entry ? { entry: options.entry } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
