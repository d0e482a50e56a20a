import type { LocalConsole } from '../../shared/composition/local-console.ts';
import { parseArgs, UsageError } from './args.ts';
import { warn } from './output.ts';

export type { LocalConsole } from '../../shared/composition/local-console.ts';

export const CONSOLE_DEFAULT_PORT = 4173;

export const CONSOLE_USAGE = `incidentiq console [--home DIR] [--port N]

Serves the web console on http://127.0.0.1:<port>/ from the local incident table and reports:
the incident list (filters and search), every report with its status, owner and links into the
AWS console, and the feedback form. Runs until Ctrl-C.
New analyses on the same --home appear with the next page (analyze records while it runs).
  --home DIR     local state folder, as for analyze (default .incidentiq/)
  --port N       port to listen on (default ${CONSOLE_DEFAULT_PORT}; 0 picks a free one)`;

/** The console over the local state under `home` (see `openLocalConsole`), its errors on stderr. */
export async function startLocalConsole(options: {
  home: string;
  port: number;
  now?: () => Date;
}): Promise<LocalConsole> {
  // dynalite and the SDK are loaded only now: usage errors stay fast.
  const { openLocalConsole } = await import('../../shared/composition/local-console.ts');
  return openLocalConsole({
    ...options,
    onError: (error) => warn(error instanceof Error ? (error.stack ?? error.message) : String(error)),
  });
}

function parsePort(value: string | true | undefined): number {
  if (value === undefined) return CONSOLE_DEFAULT_PORT;
  const port = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65_535))
    throw new UsageError(`--port needs a port number (0-65535), got ${value}`);
  return port;
}

/** `incidentiq console`: serves until SIGINT or SIGTERM, then closes the server and the table. */
export async function runConsole(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(argv, ['home', 'port'], ['help']);
  if (flags.has('help')) {
    process.stdout.write(`${CONSOLE_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const port = parsePort(flags.get('port'));
  const home = flags.get('home');
  const running = await startLocalConsole({ home: typeof home === 'string' ? home : '.incidentiq', port });
  process.stdout.write(`IncidentIQ console: ${running.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await running.close();
  return 0;
}
