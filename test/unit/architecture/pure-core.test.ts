import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, NODE_BUILTINS, ROOT, sourceFiles } from './import-graph.ts';

const PURE_DIRS = ['shared/analysis', 'shared/domain', 'shared/report'];

/** Built-ins of which the core may import these pure functions by name, and nothing else. */
const PURE_BUILTIN_EXPORTS: Record<string, readonly string[]> = { 'node:net': ['isIP', 'isIPv4', 'isIPv6'] };

/** True when every import of `specifier` in `source` is `import { <pure names> } from '<specifier>'`. */
function importsOnlyPureExports(source: string, specifier: string): boolean {
  const allowed = PURE_BUILTIN_EXPORTS[specifier];
  if (!allowed) return false;
  const quoted = specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const all = importSpecifiers(source).filter((s) => s === specifier).length;
  const named = [
    ...source.matchAll(new RegExp(`\\bimport\\s*\\{([^}]*)\\}\\s*from\\s*['"]${quoted}['"]`, 'g')),
  ];
  return (
    named.length === all &&
    named.every((m) => (m[1] ?? '').split(',').every((n) => allowed.includes(n.trim()) || n.trim() === ''))
  );
}

/** Why a specifier may not be imported by the pure core, or null when it may. */
function forbiddenReason(specifier: string): string | null {
  if (specifier.startsWith('@aws-sdk/') || specifier.startsWith('@smithy/')) return 'AWS SDK';
  if (specifier === 'aws-lambda' || specifier.startsWith('@types/aws-lambda')) return 'aws-lambda';
  if (specifier.startsWith('@aws-lambda-powertools/')) return 'Lambda Powertools';
  if (NODE_BUILTINS.has(specifier) || specifier.startsWith('node:')) return 'Node built-in module';
  if (/(^|\/)(adapters|composition|ports\/.*-adapter)(\/|$)/.test(specifier)) return 'adapter';
  return null;
}

describe('the pure core', () => {
  it('finds the specifiers of every import form', () => {
    const source = [
      "import { a } from '@aws-sdk/client-s3';",
      "import type { Context } from 'aws-lambda';",
      "export * from '../adapters/local/fs.ts';",
      "import 'node:fs';",
      "const x = await import('node:child_process');",
      "const y = require('fs');",
    ].join('\n');
    const specs = importSpecifiers(source);
    expect(specs).toEqual(
      expect.arrayContaining([
        '@aws-sdk/client-s3',
        'aws-lambda',
        '../adapters/local/fs.ts',
        'node:fs',
        'node:child_process',
        'fs',
      ]),
    );
    expect(specs.map(forbiddenReason).every((r) => r !== null)).toBe(true);
    expect(forbiddenReason('zod')).toBeNull();
    expect(forbiddenReason('./miner.ts')).toBeNull();
  });

  it("allows node:net's address validators by name, and nothing else of it", () => {
    expect(importsOnlyPureExports("import { isIPv4, isIPv6 } from 'node:net';", 'node:net')).toBe(true);
    expect(importsOnlyPureExports("import { isIP, Socket } from 'node:net';", 'node:net')).toBe(false);
    expect(importsOnlyPureExports("import * as net from 'node:net';", 'node:net')).toBe(false);
    expect(
      importsOnlyPureExports("import { isIP } from 'node:net';\nimport net from 'node:net';", 'node:net'),
    ).toBe(false);
    expect(importsOnlyPureExports("import { readFile } from 'node:fs';", 'node:fs')).toBe(false);
  });

  it('imports no AWS SDK, no aws-lambda, no adapter and no Node I/O module', () => {
    const files = PURE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(10);
    const violations = files.flatMap((file) =>
      importSpecifiers(readFileSync(file, 'utf8'))
        .filter((spec) => !importsOnlyPureExports(readFileSync(file, 'utf8'), spec))
        .map((spec) => ({ spec, reason: forbiddenReason(spec) }))
        .filter((v) => v.reason !== null)
        .map((v) => `${relative(ROOT, file)} imports ${v.spec} (${v.reason})`),
    );
    expect(violations).toEqual([]);
  });
});
