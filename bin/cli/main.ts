import { ANALYZE_USAGE, runAnalyze } from './analyze-command.ts';
import { UsageError } from './args.ts';
import { CONSOLE_USAGE, runConsole } from './console-command.ts';
import { FEEDBACK_USAGE, runFeedback } from './feedback-command.ts';
import { warn } from './output.ts';
import { PATTERNS_USAGE, runPatterns } from './patterns-command.ts';

const USAGE = `incidentiq: works out what happened when a CloudWatch alarm fires.

Usage:
  incidentiq analyze <incident-dir> [--json] [--out DIR] [--home DIR]
  incidentiq feedback <incident-id> --confirm|--correct "<root cause>" [--resolution TEXT] [--note TEXT] [--home DIR]
  incidentiq patterns <file> [--assignments] [--top N]
  incidentiq console [--home DIR] [--port N]
  incidentiq --help

Commands:
  analyze    analyze an incident folder (alarm.json + logs.jsonl) and write the report
  feedback   confirm or correct a report's root cause (and say what fixed it)
  patterns   mine log templates from a file with one message per line
  console    browse every report in a local web console on 127.0.0.1

${ANALYZE_USAGE}

${FEEDBACK_USAGE}

${PATTERNS_USAGE}

${CONSOLE_USAGE}`;

/** Runs the CLI and returns its exit code: 0 done, 1 failed, 2 bad command line. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      case 'analyze':
        return await runAnalyze(rest);
      case 'feedback':
        return await runFeedback(rest);
      case 'console':
        return await runConsole(rest);
      case 'patterns':
        return runPatterns(rest);
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      warn(`${error.message}\nRun 'incidentiq --help' for usage.`);
      return 2;
    }
    warn(describe(error));
    return 1;
  }
}

function describe(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return `no such file: ${err.path ?? ''}`;
  if (err?.code === 'EACCES') return `permission denied: ${err.path ?? ''}`;
  if (err?.code === 'EISDIR') return `${err.path ?? 'input'} is a directory, not a file`;
  return error instanceof Error ? error.message : String(error);
}
