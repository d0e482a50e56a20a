import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../bin/cli/args.ts';
import { CONSOLE_USAGE, runConsole } from '../../../bin/cli/console-command.ts';

describe('incidentiq console', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints its usage', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockReturnValue(true);

    await expect(runConsole(['--help'])).resolves.toBe(0);
    expect(out).toHaveBeenCalledWith(`${CONSOLE_USAGE}\n`);
  });

  it.each([[['--port', 'http']], [['--port', '70000']], [['--port', '-1']], [['extra']], [['--verbose']]])(
    'refuses the command line %j',
    async (argv) => {
      await expect(runConsole(argv)).rejects.toBeInstanceOf(UsageError);
    },
  );

  it('serves on 127.0.0.1, prints the URL, and closes cleanly on SIGINT', async () => {
    const home = mkdtempSync(join(tmpdir(), 'incidentiq-console-cli-'));
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const exit = runConsole(['--home', home, '--port', '0']);
      await vi.waitFor(
        () => expect(lines.join('')).toMatch(/^IncidentIQ console: http:\/\/127\.0\.0\.1:\d+\/\n$/),
        {
          timeout: 20_000,
        },
      );
      const url = lines.join('').replace('IncidentIQ console: ', '').trim();
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('No incidents yet');

      process.emit('SIGINT');
      await expect(exit).resolves.toBe(0);
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
