import { MARKER_PREFIX } from '../shared/analysis/redact/kinds.ts';

/**
 * Scores one report against the truth of its incident folder (`expected.json`): the checks a user
 * of a labelled incident set would ask for, named as HolmesGPT's and the team's scorers name them.
 */
export interface Truth {
  rootCauseService?: string[];
  faultClass?: string | null;
  faultClassAlternatives?: string[];
  inconclusive?: boolean;
  affected?: string[];
  notAffected?: string[];
  triggerMentions?: string[];
}

export interface ReportView {
  rootCause?: { service?: string | null; faultClass?: string };
  affectedServices?: { service: string }[];
  forensics?: { trigger?: unknown };
  evidence?: { lines?: { text: string }[] };
  timeline?: { at: string }[];
}

export const CHECKS = ['service', 'class', 'recall', 'herring', 'trigger', 'grounded', 'ordered'] as const;
export type CheckName = (typeof CHECKS)[number];

const norm = (s: unknown) =>
  String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();

/** Each check's verdict; `input` is the folder's logs, alarm, metrics and traces text, `messages` its log messages. */
export function scoreReport(
  report: ReportView,
  truth: Truth,
  input: { text: string; messages: string[] },
): Record<CheckName, boolean> {
  const rc = report.rootCause ?? {};
  const affected = (report.affectedServices ?? []).map((a) => a.service);
  const service = truth.inconclusive
    ? rc.service == null && rc.faultClass === 'unknown'
    : (truth.rootCauseService ?? []).includes(rc.service ?? '');
  const wantClass = truth.inconclusive ? 'unknown' : truth.faultClass;
  const klass =
    wantClass == null ||
    rc.faultClass === wantClass ||
    (truth.faultClassAlternatives ?? []).includes(rc.faultClass ?? '');
  const want = truth.affected ?? [];
  const hit = want.filter((s) => affected.includes(s)).length;
  const trigger = JSON.stringify(report.forensics?.trigger ?? '');
  const lower = input.text.toLowerCase();
  const quoted = (report.evidence?.lines ?? []).map((l) => norm(l.text));
  const times = (report.timeline ?? []).map((t) => Date.parse(t.at));
  const messages = input.messages.map(norm);
  return {
    service,
    class: klass,
    recall: want.length === 0 || hit / want.length >= 2 / 3,
    herring: !(truth.notAffected ?? []).some((s) => s === rc.service || affected.includes(s)),
    trigger: (truth.triggerMentions ?? []).every((m) => trigger.includes(m)),
    grounded:
      // A name the masking replaced (a node named by its IP address) is the input's, masked.
      affected.every((s) => s.includes(MARKER_PREFIX) || lower.includes(s.toLowerCase())) &&
      quoted.every((t) => t.includes(MARKER_PREFIX) || messages.some((m) => m.includes(t))),
    ordered: times.every((t, i) => !Number.isNaN(t) && (i === 0 || t >= (times[i - 1] ?? t))),
  };
}
