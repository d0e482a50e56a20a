import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { createAnalyzerApp } from '../../infra/analyzer-app.ts';
import type { AnalyzerStack } from '../../infra/analyzer-stack.ts';
import { PROJECT_ROOT } from '../../infra/constructs/analyzer-function.ts';
import type { StateMachineDefinition } from '../../shared/workflow/definition.ts';

/** Every function is bundled from this stand-in handler: fast, and independent of functions/. */
export const FIXTURE_HANDLER = fileURLToPath(new URL('./fixtures/handler.ts', import.meta.url));

// The tests pin the environment through context; a developer's CDK_DEFAULT_* must not leak in.
delete process.env.CDK_DEFAULT_ACCOUNT;
delete process.env.CDK_DEFAULT_REGION;

/** Bundling every function takes seconds: build stacks in beforeAll with this timeout. */
export const SYNTH_TIMEOUT_MS = 120_000;

/** The context of cdk.json (the feature flags the CLI passes) with `overrides` on top. */
export function cdkContext(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return { ...(cdkJson.context ?? {}), ...overrides };
}

/** The app as infra/app.ts builds it (cdk-nag included), with the fixture handler for every step. */
export function buildApp(overrides: Record<string, unknown> = {}): {
  app: App;
  stack: AnalyzerStack;
  outdir: string;
} {
  const outdir = mkdtempSync(join(tmpdir(), 'incidentiq-cdk-'));
  const { app, stack } = createAnalyzerApp({
    context: cdkContext(overrides),
    outdir,
    entry: () => FIXTURE_HANDLER,
    // CDK's own CloudFormation schema validation costs ~10 s per process; `npx cdk synth` runs it.
    builtinCloudFormationValidation: false,
  });
  return { app, stack, outdir };
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A CloudFormation value as a string with each reference replaced by a `${...}` placeholder. */
export function flatten(value: Json): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const join = value['Fn::Join'];
    if (Array.isArray(join)) {
      const [delimiter, parts] = join as [string, Json[]];
      return parts.map(flatten).join(delimiter);
    }
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `\${${getAtt.join('.')}}`;
    if (typeof value.Ref === 'string') return `\${${value.Ref}}`;
  }
  return `\${${JSON.stringify(value)}}`;
}

/**
 * The state machine's definition, parsed: the DefinitionString is an Fn::Join of string parts and
 * references (the functions' ARNs), which become `${LogicalId.Arn}` placeholders.
 */
export function stateMachineDefinition(template: Template): StateMachineDefinition {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const definition = machines[0]?.Properties?.DefinitionString as Json;
  return JSON.parse(flatten(definition)) as StateMachineDefinition;
}

/** The logical id of the function whose Description names the step (`IncidentIQ <step>: ...`). */
export function functionLogicalId(template: Template, step: string): string {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, resource]) =>
    String(resource.Properties?.Description ?? '').startsWith(`IncidentIQ ${step}:`),
  );
  if (found.length !== 1) throw new Error(`expected one function for ${step}, found ${found.length}`);
  return found[0]?.[0] ?? '';
}

/**
 * A stage that uses every option, given as strings the way `cdk deploy -c key=value` passes them:
 * alarm prefixes, an e-mail subscription, configured log groups, Bedrock through a US inference profile.
 */
export const FULL_CONTEXT = {
  stage: 'prod',
  account: '123456789012',
  region: 'eu-west-1',
  alarmNamePrefixes: 'payments-,checkout-',
  notificationEmail: 'oncall@example.com',
  logGroups: JSON.stringify({
    alarmLogGroups: { 'payments-*': ['/aws/lambda/payments-api'], 'checkout-latency': ['/ecs/checkout'] },
    defaultLogGroups: ['/aws/lambda/shared'],
  }),
  synthesizer: 'bedrock',
  bedrockModelId: 'eu.amazon.nova-pro-v1:0',
  windows: '{"incidentMinutes":15,"lookbackMinutes":60,"tailMinutes":5}',
  logRetentionDays: '90',
} as const;
