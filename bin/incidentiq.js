#!/usr/bin/env node
// The CLI launcher, with no build step to remember: the TypeScript sources are bundled by esbuild
// into a cache folder the first time (and again whenever a source file changes), then loaded as
// plain JavaScript, so a start costs a few file loads instead of a transpiling loader.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node 20 is past its end of life (April 2026) and AWS SDK releases after early January 2027 need
// Node 22: said once, in one plain line, instead of the SDK's multi-line warning (its own switch
// turns that off, so it is not said twice). A user who set that switch has heard it already.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22 && process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED !== 'true') {
  process.stderr.write(
    `incidentiq: warning: Node.js ${process.version} is past its end of life; AWS SDK releases after early January 2027 need Node.js 22 or later. Use Node.js 22 or 24.\n`,
  );
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, 'node_modules', '.cache', 'incidentiq');

/** A key that changes whenever a source file is added, removed or modified. */
function sourceKey() {
  let newest = 0;
  let count = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        newest = Math.max(newest, statSync(path).mtimeMs);
        count++;
      }
    }
  };
  walk(join(root, 'bin'));
  walk(join(root, 'shared'));
  return `${Math.floor(newest).toString(36)}-${count}`;
}

async function buildInto(dir) {
  const { build } = await import('esbuild');
  const tmp = `${dir}.tmp-${process.pid}`;
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'package.json'), '{"type":"module"}\n');
  // Code splitting keeps what the CLI imports lazily (the AWS SDK, the local workflow) out of the
  // start-up path: their chunks load only when a command needs them.
  await build({
    // The collect Map's worker is an entry of its own: the CLI starts it as shard-worker.js beside
    // the chunks (shared/composition/local-shard-pool.ts finds it there).
    entryPoints: {
      main: join(root, 'bin', 'cli', 'main.ts'),
      'shard-worker': join(root, 'shared', 'composition', 'local-shard-worker.ts'),
    },
    outdir: tmp,
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  try {
    renameSync(tmp, dir); // atomic: concurrent starts either win or find the winner's folder
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const old of readdirSync(cache)) {
    const path = join(cache, old);
    if (path === dir) continue;
    try {
      if (statSync(path).mtimeMs < Date.now() - 3_600_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another start renamed or removed it since the listing (its own build folder): nothing to sweep.
    }
  }
}

const dir = join(cache, sourceKey());
if (!existsSync(join(dir, 'main.js')) || !existsSync(join(dir, 'shard-worker.js'))) await buildInto(dir);
const { main } = await import(pathToFileURL(join(dir, 'main.js')).href);
process.exitCode = await main(process.argv.slice(2));
