import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Port } from '../../../shared/workflow/ports.ts';
import { STEPS } from '../../../shared/workflow/steps/index.ts';
import { importSpecifiers, ROOT, repoPath, resolveRelative } from '../architecture/import-graph.ts';

/** The SDK clients each port may bring into a bundle. */
const PORT_CLIENTS: Record<Port, string[]> = {
  blobs: ['@aws-sdk/client-s3'],
  logs: ['@aws-sdk/client-cloudwatch-logs'],
  'alarm-tags': ['@aws-sdk/client-cloudwatch'],
  telemetry: ['@aws-sdk/client-cloudwatch', '@aws-sdk/client-xray', '@aws-sdk/client-cloudwatch-logs'],
  'incidents-read': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  'incidents-write': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  notify: ['@aws-sdk/client-sns', '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  model: ['@aws-sdk/client-bedrock-runtime'],
  embeddings: ['@aws-sdk/client-bedrock-runtime'],
  'alarm-state': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  'start-workflow': ['@aws-sdk/client-sfn'],
};

/** What a bundle's code imports: type-only imports are erased by the bundler, so left out. */
function valueImports(file: string): string[] {
  const source = readFileSync(file, 'utf8').replace(/\b(?:import|export)\s+type\s[^;]*;/g, '');
  return importSpecifiers(source);
}

/** Every project file and package a Lambda entry reaches through value imports. */
function closure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [join(ROOT, entry)];
  for (let file = pending.pop(); file; file = pending.pop()) {
    if (files.has(repoPath(file))) continue;
    files.add(repoPath(file));
    for (const specifier of valueImports(file)) {
      const target = resolveRelative(file, specifier);
      if (target) pending.push(target);
      else if (!specifier.startsWith('.')) packages.add(specifier);
    }
  }
  return { files, packages };
}

const sdkClients = (packages: Set<string>) =>
  [...packages].filter((p) => /^@aws-sdk\/(client-|lib-)/.test(p)).sort();

describe('the Lambda entry of each step', () => {
  it.each(STEPS.map((s) => [s.name, s] as const))(
    '%s imports its own step module and composition, no other step',
    (name, spec) => {
      const { files } = closure(spec.entry);
      const steps = [...files].filter((f) => f.startsWith('shared/workflow/steps/'));
      const own = `shared/workflow/steps/${name}.ts`;
      expect(files.has(own)).toBe(true);
      // publish's report delivery is record-failure's too: the one step module another may import.
      const allowed = new Set([
        own,
        ...(name === 'record-failure' ? ['shared/workflow/steps/publish.ts'] : []),
      ]);
      expect(steps.filter((f) => !allowed.has(f))).toEqual([]);
      expect(files.has('shared/workflow/steps/index.ts')).toBe(false);
      const compositions = [...files].filter((f) => f.startsWith('shared/composition/aws-steps/'));
      expect(compositions).toEqual(name === 'intake' ? [] : [`shared/composition/aws-steps/${name}.ts`]);
    },
  );

  it.each(STEPS.map((s) => [s.name, s] as const))(
    '%s bundles the SDK clients of the ports it lists, and no other',
    (_name, spec) => {
      const expected = [...new Set(spec.ports.flatMap((p) => PORT_CLIENTS[p]))].sort();
      expect(sdkClients(closure(spec.entry).packages)).toEqual(expected);
    },
  );

  it('keeps the parser, the miner, the collection and the correlation tools out of record-failure', () => {
    const entry = STEPS.find((s) => s.name === 'record-failure')?.entry ?? '';
    const { files } = closure(entry);
    // Of these folders the report of an alarm alone needs only the quote cut, the tools' records
    // and the minute arithmetic of the windows.
    const heavy = [...files].filter(
      (f) =>
        /^shared\/analysis\/(parse|patterns|collect)\//.test(f) ||
        (f.startsWith('shared/analysis/correlate/tools/') && !f.endsWith('-record.ts')),
    );
    expect(heavy.sort()).toEqual([
      'shared/analysis/collect/duplicate-filter.ts',
      'shared/analysis/collect/minutes.ts',
      'shared/analysis/collect/quotable-text.ts',
      'shared/analysis/parse/cut.ts',
      'shared/analysis/parse/limits.ts',
    ]);
    expect(files.has('shared/analysis/analyze.ts')).toBe(false);
  });

  it('keeps CloudWatch Logs out of write-narrative and Bedrock out of the steps that read logs', () => {
    const entry = (name: string) => STEPS.find((s) => s.name === name)?.entry ?? '';
    expect(closure(entry('write-narrative')).packages).not.toContain('@aws-sdk/client-cloudwatch-logs');
    for (const name of ['plan-fetch', 'fetch-telemetry', 'fetch-slice', 'collect-shard', 'analyze']) {
      expect(closure(entry(name)).packages, name).not.toContain('@aws-sdk/client-bedrock-runtime');
    }
  });
});
