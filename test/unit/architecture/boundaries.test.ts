import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Import, importsOf, NODE_BUILTINS, ROOT, repoPath, sourceFiles } from './import-graph.ts';

/** Who may be imported, for one rule: `prefixes` of repository paths and `packages` by name. */
interface Allowed {
  prefixes: readonly string[];
  packages: readonly string[];
  builtins: boolean;
}

/** Whether one import keeps to the rule (a package by its name, a file by its path). */
function keepsTo(imp: Import, allowed: Allowed): boolean {
  if (imp.target !== null) return allowed.prefixes.some((p) => imp.target?.startsWith(p));
  if (imp.specifier.startsWith('.')) return false;
  if (NODE_BUILTINS.has(imp.specifier)) return allowed.builtins;
  return allowed.packages.some((p) => imp.specifier === p || imp.specifier.startsWith(`${p}/`));
}

/** "<file> imports <specifier>" for every import under `dir` that breaks the rule. */
function violations(dir: string, allowed: Allowed): string[] {
  const files = sourceFiles(join(ROOT, dir));
  expect(files.length, `${dir} has sources`).toBeGreaterThan(0);
  return files.flatMap((file) =>
    importsOf(file)
      .filter((imp) => !keepsTo(imp, allowed))
      .map((imp) => `${repoPath(file)} imports ${imp.specifier}`),
  );
}

/** The step list, with the state machine built from it and the names of the ports its steps need. */
const STEP_LIST = [
  'shared/workflow/steps.ts',
  'shared/workflow/steps/index.ts',
  'shared/workflow/definition.ts',
  'shared/workflow/ports.ts',
];

const RULES = {
  contract: { prefixes: ['shared/deployment/'], packages: ['zod'], builtins: false },
  infra: {
    prefixes: ['infra/', 'shared/deployment/', ...STEP_LIST],
    // esbuild: the Lambda bundler (infra/constructs/bundle-lambda.ts), as NodejsFunction's own.
    packages: ['aws-cdk-lib', 'constructs', 'cdk-nag', 'zod', 'esbuild'],
    builtins: true,
  },
  llm: {
    prefixes: ['shared/llm/', 'shared/domain/', 'shared/ports/', 'shared/analysis/', 'shared/report/'],
    packages: ['zod'],
    builtins: false,
  },
  cli: {
    prefixes: [
      'bin/',
      'shared/composition/',
      'shared/workflow/',
      'shared/report/',
      'shared/console/',
      'shared/deployment/',
      'shared/domain/',
      'shared/analysis/patterns/',
    ],
    // The launchers (bin/*.js) run the TypeScript sources through tsx or an esbuild bundle.
    packages: ['tsx', 'esbuild'],
    builtins: true,
  },
} satisfies Record<string, Allowed>;

describe('the arrows between the parts', () => {
  it('tells an allowed import from a forbidden one', () => {
    const at = (target: string | null, specifier = target ?? '') => ({ specifier, target });
    expect(keepsTo(at('shared/deployment/index.ts'), RULES.infra)).toBe(true);
    expect(keepsTo(at('shared/adapters/aws/dynamodb-incident-store.ts'), RULES.infra)).toBe(false);
    expect(keepsTo(at(null, 'aws-cdk-lib/aws-iam'), RULES.infra)).toBe(true);
    expect(keepsTo(at(null, 'aws-cdk-lib-extra'), RULES.infra)).toBe(false);
    expect(keepsTo(at(null, '@aws-sdk/client-s3'), RULES.infra)).toBe(false);
    expect(keepsTo(at(null, './gone.ts'), RULES.infra)).toBe(false);
    expect(keepsTo(at(null, 'node:fs'), RULES.contract)).toBe(false);
    expect(keepsTo(at('shared/composition/aws.ts'), RULES.llm)).toBe(false);
    expect(keepsTo(at('shared/analysis/patterns/index.ts'), RULES.cli)).toBe(true);
    expect(keepsTo(at('shared/analysis/analyze.ts'), RULES.cli)).toBe(false);
  });

  it('the deployment contract is values alone: it imports only itself and zod', () => {
    expect(violations('shared/deployment', RULES.contract)).toEqual([]);
  });

  it('infra/ imports only the deployment contract, the step list and the CDK libraries', () => {
    expect(violations('infra', RULES.infra)).toEqual([]);
  });

  it('shared/llm imports no composition, no adapter and no SDK', () => {
    expect(violations('shared/llm', RULES.llm)).toEqual([]);
  });

  it("each step's Lambda imports only its own step, its own composition and the step runtime", () => {
    // The step modules, read from the folder (importing the step list would load every step's code).
    const names = sourceFiles(join(ROOT, 'shared/workflow/steps'))
      .map((f) => basename(f, '.ts'))
      .filter((name) => name !== 'index');
    expect(names.length).toBeGreaterThan(5);
    const broken = names.flatMap((name) => {
      const entry = join(ROOT, 'functions', `${name}.ts`);
      // intake is not a state-machine task: EventBridge invokes it and it starts the execution.
      const own: Allowed =
        name === 'intake'
          ? {
              prefixes: [`shared/workflow/steps/intake.ts`, 'shared/composition/aws-intake.ts', 'functions/'],
              packages: ['@aws-sdk/client-sfn', '@aws-lambda-powertools'],
              builtins: false,
            }
          : {
              prefixes: [
                `shared/workflow/steps/${name}.ts`,
                `shared/composition/aws-steps/${name}.ts`,
                'functions/runtime.ts',
              ],
              packages: [],
              builtins: false,
            };
      return importsOf(entry)
        .filter((imp) => !keepsTo(imp, own))
        .map((imp) => `functions/${name}.ts imports ${imp.specifier}`);
    });
    expect(broken).toEqual([]);
  });

  it('the CLI imports only the composition, the workflow, the renderers, the console, the contract types and the miner', () => {
    expect(violations('bin', RULES.cli)).toEqual([]);
  });
});
