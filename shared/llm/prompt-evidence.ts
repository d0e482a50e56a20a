import type { Report } from '../domain/report.ts';
import { clip, type TrimmableList } from './token-budget.ts';
import { untrustedText } from './untrusted.ts';

/** Caps before the budget is applied: enough for any real incident, bounded for any volume. */
const CAPS = { patterns: 40, lines: 20, timeline: 40, similar: 3, fixes: 6 } as const;
const TEMPLATE_CHARS = 300;
const LINE_CHARS = 500;
const TITLE_CHARS = 160;
const DETAIL_CHARS = 300;

const text = (s: string, max: number) => untrustedText(clip(s, max));

/** The trimmable lists, in trim order: patterns, lines, timeline, then similar incidents and the draft fixes. */
export function evidenceLists(report: Report): TrimmableList[] {
  return [patterns(report), lines(report), timeline(report), similar(report), draftFixes(report)];
}

function patterns(report: Report): TrimmableList {
  const all = report.evidence.patterns;
  const items = all.slice(0, CAPS.patterns).map((p, i) => {
    const status = typeof p.status === 'string' ? `[${p.status}] ` : '';
    return {
      order: i,
      text: `P${i + 1} ${status}${p.services.map((s) => text(s, 100)).join(', ')}: ${p.count} in the incident window vs ${p.baselineCount} in the baseline: ${text(p.template, TEMPLATE_CHARS)}`,
    };
  });
  return { name: 'patterns', items, total: all.length, floors: [15, 5] };
}

function lines(report: Report): TrimmableList {
  const root = report.rootCause.service;
  const all = report.evidence.lines.map((l, i) => ({ l, i }));
  // The root service's lines are the most telling; the rest follow in time order.
  const byPriority = [...all.filter((x) => x.l.service === root), ...all.filter((x) => x.l.service !== root)];
  const items = byPriority.slice(0, CAPS.lines).map(({ l, i }) => ({
    order: i,
    text: `L${i + 1} ${l.at} ${text(l.service, 100)} ${l.level}: ${text(l.text, LINE_CHARS)}`,
  }));
  return { name: 'lines', items, total: all.length, floors: [8, 3] };
}

/** The first entry, patient zero's and the alarm's come first; the others follow in time order. */
function timeline(report: Report): TrimmableList {
  const all = report.timeline.map((t, i) => ({ t, i }));
  const pzAt = report.forensics.patientZero?.at;
  const key = (x: { t: Report['timeline'][number]; i: number }) =>
    x.i === 0 || x.t.at === pzAt || x.t.service === 'cloudwatch' ? 0 : 1;
  const byPriority = [...all].sort((a, b) => key(a) - key(b) || a.i - b.i);
  const items = byPriority.slice(0, CAPS.timeline).map(({ t, i }) => ({
    order: i,
    text: `#${i} ${t.at} ${text(t.service, 100)} ${t.level}: ${text(t.title, TITLE_CHARS)} | ${text(t.detail, DETAIL_CHARS)}`,
  }));
  return { name: 'timeline', items, total: all.length, floors: [15, 5] };
}

function similar(report: Report): TrimmableList {
  const all = report.similarIncidents;
  const items = all.slice(0, CAPS.similar).map((s, i) => ({
    order: i,
    text: `${s.incidentId} (similarity ${s.similarity.toFixed(2)}, ${s.faultClass}, ${s.occurredAt}): ${text(s.title, TITLE_CHARS)} - ${text(s.rootCause, DETAIL_CHARS)}`,
  }));
  return { name: 'similar incidents', items, total: all.length, floors: [2, 1] };
}

/** The offline fixes' titles and commands: they show which platform's commands fit. */
function draftFixes(report: Report): TrimmableList {
  const all = report.fixRecommendations;
  const items = all.slice(0, CAPS.fixes).map((f, i) => ({
    order: i,
    text: `${f.rank}. ${text(f.title, TITLE_CHARS)}${f.command ? ` | command: ${text(f.command, DETAIL_CHARS)}` : ''}`,
  }));
  return { name: 'draft fixes', items, total: all.length, floors: [4, 2] };
}

/** Small and always kept: the alarm's reason, patient zero and the trigger. */
export function fixedEvidence(report: Report): string {
  const out = [`Alarm reason: ${text(report.alarm.reason, 300)}`];
  const pz = report.forensics.patientZero;
  if (pz)
    out.push(`Patient zero: ${pz.at} ${text(pz.service, 100)} ${pz.level}: ${text(pz.text, LINE_CHARS)}`);
  const trigger = report.forensics.trigger;
  if (trigger) {
    out.push(`Trigger: ${text(trigger.hypothesis, 400)} | line: ${text(trigger.evidence, 400)}`);
  }
  return out.join('\n');
}

export const LIST_HEADINGS: Readonly<Record<string, string>> = {
  patterns: 'Mined log patterns (count in the incident window vs the baseline, template):',
  lines: 'Evidence lines (verbatim, secrets masked):',
  timeline: 'Timeline (#index time service level: title | detail):',
  'similar incidents': 'Similar past incidents:',
  'draft fixes': 'Offline draft of the fixes (rank. title | command):',
};
