import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as contract from '../../../shared/deployment/index.ts';
import { ROOT, repoPath, sourceFiles, withoutComments } from './import-graph.ts';

/** Every name and id the contract spells (the table's attribute and index names aside: PK, GSI1, ttl...). */
function spelledValues(): string[] {
  const values = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') values.add(value);
    else if (typeof value === 'object' && value !== null && !('parse' in value))
      for (const v of Object.values(value)) visit(v);
  };
  const {
    INCIDENT_TABLE_SCHEMA: _t,
    INCIDENT_KEY_ATTRIBUTES: _k,
    INCIDENT_INDEXES: _i,
    INCIDENT_TTL_ATTRIBUTE: _ttl,
    ...rest
  } = contract;
  visit(rest);
  return [...values];
}

interface Source {
  path: string;
  text: string;
}

/** "<path> spells '<value>'" for each quoted copy of a value in the code (comments aside). */
function copies(sources: readonly Source[], values: readonly string[]): string[] {
  return sources.flatMap(({ path, text }) => {
    const code = withoutComments(text);
    return values
      .filter((v) => [`'${v}'`, `"${v}"`, `\`${v}\``].some((quoted) => code.includes(quoted)))
      .map((v) => `${path} spells '${v}'`);
  });
}

function sourcesOutsideTheContract(): Source[] {
  return ['shared', 'bin', 'functions', 'infra']
    .flatMap((d) => sourceFiles(join(ROOT, d)))
    .map((f) => ({ path: repoPath(f), text: readFileSync(f, 'utf8') }))
    .filter((s) => !s.path.startsWith('shared/deployment/'));
}

describe('the deployment contract', () => {
  it('spells the environment variables, metric names, model ids, spans log group and sign-in paths', () => {
    expect(spelledValues()).toEqual(
      expect.arrayContaining([
        'REPORT_BUCKET',
        'CONSOLE_SESSION_KEY_ARN',
        'DegradedAnalysis',
        contract.DEFAULT_BEDROCK_MODEL_ID,
        'aws/spans',
        '/auth/callback',
      ]),
    );
  });

  it('finds a quoted copy in code, not a mention in a comment', () => {
    const sources = [
      { path: 'a.ts', text: "const bucket = env['REPORT_BUCKET'];" },
      {
        path: 'b.ts',
        text: '/** Reads `REPORT_BUCKET`. */\n// "REPORT_BUCKET"\nconst x = ENV.reportBucket;',
      },
      { path: 'c.ts', text: 'const model = `amazon.nova-pro-v1:0`;' },
    ];
    expect(copies(sources, ['REPORT_BUCKET', 'amazon.nova-pro-v1:0'])).toEqual([
      "a.ts spells 'REPORT_BUCKET'",
      "c.ts spells 'amazon.nova-pro-v1:0'",
    ]);
  });

  it('is the only place they are spelled: the stack, the functions, the console and the CLI import them', () => {
    expect(copies(sourcesOutsideTheContract(), spelledValues())).toEqual([]);
  });
});
