import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const major = Number(process.versions.node.split('.')[0]);

function cli(env: Record<string, string | undefined>) {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _, ...inherited } = process.env;
  return spawnSync(process.execPath, ['bin/incidentiq.js', 'analyze', '--help'], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...inherited, ...env },
  });
}

const WARNING =
  /^incidentiq: warning: Node\.js v\d+\.\d+\.\d+ is past its end of life; .* Use Node\.js 22 or 24\.$/;

describe('the Node.js version warning of the CLI', () => {
  it.runIf(major < 22)('says once, in one line, that this Node.js is past its end of life', () => {
    const result = cli({});
    expect(result.status).toBe(0);
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(WARNING);
  });

  it.runIf(major >= 22)('says nothing on Node.js 22 or later', () => {
    expect(cli({}).stderr).toBe('');
  });

  it('says nothing when the user turned the AWS SDK’s warning off', () => {
    expect(cli({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }).stderr).toBe('');
  });
});
