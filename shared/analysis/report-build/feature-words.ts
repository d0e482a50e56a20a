import type { LogRecord } from '../../domain/log-event.ts';
import type { PatternStat } from '../collect/index.ts';
import type { Findings } from '../correlate/findings.ts';

/** The feature or component the root service's own lines name most: where to look first. */
export interface FeatureWord {
  word: string;
  /** Lines of the root service in the incident window whose template holds the word. */
  lines: number;
  /** One of them, verbatim: what the report quotes. */
  sample: LogRecord;
}

/**
 * Words that describe a line's mechanics rather than what it is about: log vocabulary, HTTP,
 * process and runtime terms. Anything in the symptom lines (the anomalies) is left out too, so
 * what remains names the service's own features.
 */
const GENERIC = new Set(
  (
    'get post put patch delete head options http https request requests response responses status ok error errors ' +
    'warn warning info debug trace fatal failed failure success succeeded started starting start stopped stopping ' +
    'finished complete completed done handled received sent processed processing process version build service server ' +
    'client user users id ids true false null none the and for with from into this that was were has have not ' +
    'after before when while took took time ms sec seconds count total ready healthy alive probe liveness ' +
    'readiness event events message msg level logger thread main worker job task api ' +
    // Housekeeping every server logs whatever it serves: health checks, a database's checkpoints,
    // Redis's background saves, a runtime's class loading and exit codes, peer addresses.
    'health healthz heartbeat checkpoint background saving address class code exit'
  ).split(' '),
);

const WORD = /^[A-Za-z][a-z]{3,24}$/;

/** Parts of the service's own name (`payment-service` → payment, payments): not a feature of it. */
function ownNameParts(service: string): Set<string> {
  const parts = service
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  return new Set(parts.flatMap((p) => [p, `${p}s`, p.replace(/s$/, '')]));
}

function wordsOf(template: string): string[] {
  return template
    .split(/[^A-Za-z]+/)
    .filter((w) => WORD.test(w))
    .map((w) => w.toLowerCase())
    .filter((w) => !w.endsWith('ed') && !w.endsWith('ing'));
}

/**
 * The feature word of the root service: the content word its incident-window lines use most,
 * once generic words, its own name and the symptom lines' words are set aside. Null when no
 * word is used by at least `minLines` lines.
 */
export function featureWord(f: Findings, minLines = 5): FeatureWord | null {
  const root = f.root?.service;
  if (!root) return null;
  const symptom = new Set(f.anomalies.anomalies.flatMap((a) => wordsOf(a.pattern.template)));
  const own = ownNameParts(root);
  const tally = new Map<string, { lines: number; pattern: PatternStat }>();
  for (const p of f.collected.patterns) {
    if (p.service !== root || p.incidentCount === 0 || !p.samples[0]) continue;
    for (const w of new Set(wordsOf(p.template))) {
      if (GENERIC.has(w) || own.has(w) || symptom.has(w)) continue;
      const t = tally.get(w);
      if (!t) tally.set(w, { lines: p.incidentCount, pattern: p });
      else {
        t.lines += p.incidentCount;
        if (p.incidentCount > t.pattern.incidentCount) t.pattern = p;
      }
    }
  }
  const best = [...tally].sort((a, b) => b[1].lines - a[1].lines || (a[0] < b[0] ? -1 : 1))[0];
  if (!best || best[1].lines < minLines) return null;
  const sample = best[1].pattern.samples[0] as LogRecord;
  return { word: best[0], lines: best[1].lines, sample };
}
