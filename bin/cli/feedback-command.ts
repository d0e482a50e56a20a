import { INCIDENT_ID_PATTERN } from '../../shared/domain/incident-id.ts';
import { parseArgs, UsageError } from './args.ts';
import { warn } from './output.ts';

export const FEEDBACK_USAGE = `incidentiq feedback <incident-id> --confirm|--correct "<root cause>"
                    [--resolution "<what fixed it>"] [--note TEXT] [--home DIR]

Records your verdict on a report's root cause in the local incident table. Confirmed incidents
rank first among similar ones, and their resolution becomes the first fix when they recur.
  --confirm            the report's root cause is right
  --correct TEXT       the root cause was wrong; TEXT is the real one
  --resolution TEXT    what fixed it (kept from earlier feedback when left out)
  --note TEXT          anything else worth keeping
  --home DIR           local state folder, as for analyze (default .incidentiq/)`;

export async function runFeedback(argv: string[]): Promise<number> {
  const { positionals, flags } = parseArgs(
    argv,
    ['correct', 'resolution', 'note', 'home'],
    ['confirm', 'help'],
  );
  if (flags.has('help')) {
    process.stdout.write(`${FEEDBACK_USAGE}\n`);
    return 0;
  }
  const [incidentId, ...extra] = positionals;
  if (!incidentId) throw new UsageError('feedback needs an incident id');
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  if (!INCIDENT_ID_PATTERN.test(incidentId)) {
    throw new UsageError(`${incidentId} is not an incident id (INC- and 8 hex digits, e.g. INC-1a2b3c4d)`);
  }
  const correct = stringFlag(flags, 'correct');
  if (flags.has('confirm') === (correct !== undefined)) {
    throw new UsageError('feedback needs either --confirm or --correct "<root cause>"');
  }
  const resolution = stringFlag(flags, 'resolution');
  const note = stringFlag(flags, 'note');
  const home = stringFlag(flags, 'home') ?? '.incidentiq';

  // dynalite and the SDK are loaded only now: usage errors stay fast.
  const { FeedbackError, openLocalMemory, recordFeedback } = await import(
    '../../shared/composition/local-memory.ts'
  );
  const memory = await openLocalMemory(home);
  try {
    const record = await recordFeedback(memory.store, incidentId, {
      verdict: correct === undefined ? 'confirmed' : 'corrected',
      ...(correct !== undefined ? { correctedRootCause: correct } : {}),
      ...(resolution !== undefined ? { resolution } : {}),
      ...(note !== undefined ? { note } : {}),
    });
    const verdict = record.feedback?.verdict === 'corrected' ? 'corrected' : 'confirmed';
    process.stdout.write(
      `${record.incidentId} ${verdict}: ${record.feedback?.correctedRootCause ?? record.rootCause}\n` +
        (record.resolution ? `Resolution: ${record.resolution}\n` : ''),
    );
    return 0;
  } catch (error) {
    if (error instanceof FeedbackError) {
      warn(error.message);
      return 1;
    }
    throw error;
  } finally {
    await memory.close();
  }
}

function stringFlag(flags: Map<string, string | true>, name: string): string | undefined {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
}
