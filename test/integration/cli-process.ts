import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `incidentiq <args>` (the bundled CLI) as a process of its own, run to its end; `env` adds to the
 * test's environment (an `AWS_ENDPOINT_URL_<SERVICE>` stand-in, say).
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/incidentiq.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The incident id of the folder `analyze` says it wrote the report to. */
export const writtenIncidentId = (result: Exited): string | undefined =>
  /Report written to .*\/(INC-[0-9a-f]{8})\//.exec(result.stdout)?.[1];
