import type { Report } from '../domain/report.ts';
import { formatCount, formatPercent, formatUtc, plural, truncateText } from './format.ts';
import { neutralise, neutraliseLine } from './neutralise.ts';
import { impactText } from './report-pictures.ts';
import {
  EMPTY_SECTION_TEXT,
  INCONCLUSIVE_NOTICE,
  LIMITATIONS_TITLE,
  limitationsOf,
  logLineHeader,
  PRODUCT_NAME,
  rootCauseHeadline,
  severityText,
  triggerHeadline,
} from './report-text.ts';
import { SECTION_TITLES, SUBSECTION_TITLES } from './sections.ts';
import { cutToUtf8Bytes, utf8Length } from './utf8.ts';

export interface NotificationOptions {
  /** Where the full report can be read; linked at the end of the body. */
  reportUrl?: string;
}

export interface Notification {
  subject: string;
  text: string;
}

/** SNS e-mail subjects must be "less than 100 characters", without line breaks or control characters. */
export const SUBJECT_MAX_LENGTH = 99;
export const BODY_MAX_BYTES = 64 * 1024;
export const TOP_FIXES = 3;

/** Below this many characters for the alarm name, the subject is cut as a whole instead. */
const MIN_ALARM_NAME_ROOM = 12;

const oneLine = (text: string): string =>
  text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const indent = (text: string, prefix = '    '): string =>
  text
    .split(/\r?\n/)
    .map((line) => prefix + line)
    .join('\n');

const section = (title: string, ...lines: string[]): string => [title.toUpperCase(), ...lines].join('\n');

/** `[P1] Memory exhaustion in payment-service — <alarm>`; the alarm name is shortened first when too long. */
function subject(r: Report): string {
  const prefix = `[${r.severity}] ${r.inconclusive ? 'Inconclusive: ' : `${oneLine(rootCauseHeadline(r))} — `}`;
  const alarm = oneLine(r.alarm.name);
  const room = SUBJECT_MAX_LENGTH - prefix.length;
  if (prefix.length + alarm.length <= SUBJECT_MAX_LENGTH) return prefix + alarm;
  if (room >= MIN_ALARM_NAME_ROOM) return prefix + truncateText(alarm, room);
  return truncateText(prefix + alarm, SUBJECT_MAX_LENGTH);
}

/** Everything but the evidence lines: the part a responder needs first. */
function essentials(r: Report, opts: NotificationOptions): string[] {
  const fixes = r.fixRecommendations.slice(0, TOP_FIXES);
  const pz = r.forensics.patientZero;
  const trigger = r.forensics.trigger;
  return [
    `${PRODUCT_NAME} · ${r.incidentId} · ${severityText(r)}\n${r.title}`,
    r.inconclusive ? `*** ${INCONCLUSIVE_NOTICE} ***` : '',
    // The same three lines as the report's first screen: root cause, first fix, impact.
    section(
      SECTION_TITLES['root-cause'],
      `${rootCauseHeadline(r)} (${formatPercent(r.rootCause.confidence)} confidence)`,
      r.rootCause.summary,
    ),
    section(
      fixes.length < r.fixRecommendations.length
        ? `${SECTION_TITLES.fixes} (top ${fixes.length} of ${r.fixRecommendations.length})`
        : SECTION_TITLES.fixes,
      ...(fixes.length === 0 ? [EMPTY_SECTION_TEXT.fixes] : []),
      ...fixes.map((f) =>
        [
          `${f.rank}. ${f.title}`,
          indent(f.action, '   '),
          ...(f.command === undefined ? [] : [indent(f.command, '   $ ')]),
        ].join('\n'),
      ),
    ),
    section('Impact', impactText(r) ?? r.severityReason),
    opts.reportUrl ? `Full report, with the pictures: ${opts.reportUrl}` : '',
    section(SECTION_TITLES.summary, r.executiveSummary),
    limitationsOf(r).length > 0 ? section(LIMITATIONS_TITLE, ...limitationsOf(r).map((l) => `- ${l}`)) : '',
    section('Severity', `${severityText(r)}: ${r.severityReason}`),
    section('Alarm', `${r.alarm.name}, triggered ${formatUtc(r.alarm.triggeredAt)}`, r.alarm.reason),
    section(
      SECTION_TITLES['affected-services'],
      ...(r.affectedServices.length === 0
        ? [EMPTY_SECTION_TEXT.affectedServices]
        : r.affectedServices.map(
            (s) =>
              `- ${s.service} (${s.role}, ${s.health}, first seen ${formatUtc(s.firstSeen)}, ${plural(s.errorCount, 'error')}): ${s.impact}`,
          )),
    ),
    section(
      SUBSECTION_TITLES.patientZero,
      ...(pz ? [logLineHeader(pz), indent(pz.text)] : [EMPTY_SECTION_TEXT.patientZero]),
    ),
    ...(trigger ? [section(SUBSECTION_TITLES.trigger, triggerHeadline(trigger))] : []),
  ].filter((block) => block !== '');
}

const evidenceEntry = (line: Report['evidence']['lines'][number]): string =>
  `${logLineHeader(line)}\n${indent(line.text)}`;

/**
 * The e-mail text. Kept within `BODY_MAX_BYTES` (UTF-8): evidence lines are added while they fit, and
 * a note says how many were left out; if even the essentials do not fit, they are cut, with a note.
 */
function body(r: Report, opts: NotificationOptions): string {
  const footer = opts.reportUrl ? `\n\nFull report: ${opts.reportUrl}` : '';
  const head = essentials(r, opts).join('\n\n');
  const lines = r.evidence.lines;
  // Room kept for the truncation note and the blank lines around it.
  const noteRoom = 400;
  const budget = BODY_MAX_BYTES - utf8Length(footer) - noteRoom;

  if (utf8Length(head) > budget) {
    const cut = cutToUtf8Bytes(head, budget);
    const note = `[Truncated: this e-mail was cut at ${formatCount(BODY_MAX_BYTES / 1024)} KB after ${formatCount(cut.length)} of ${formatCount(head.length)} characters; ${plural(lines.length, 'evidence line')} left out. The full report has everything.]`;
    return `${cut}\n\n${note}${footer}`;
  }

  const title = `${SECTION_TITLES.evidence.toUpperCase()} (${plural(lines.length, 'log line')})`;
  let used = utf8Length(head) + utf8Length(`\n\n${title}`);
  const kept: string[] = [];
  for (const line of lines) {
    const entry = evidenceEntry(line);
    const size = utf8Length(entry) + 1;
    if (used + size > budget) break;
    kept.push(entry);
    used += size;
  }
  const cutCount = lines.length - kept.length;
  const note =
    cutCount > 0
      ? `\n\n[Truncated: ${formatCount(cutCount)} of ${plural(lines.length, 'evidence line')} left out to keep this e-mail under ${formatCount(BODY_MAX_BYTES / 1024)} KB. The full report lists them all.]`
      : '';
  const evidence = lines.length === 0 ? '' : `\n\n${[title, ...kept].join('\n')}`;
  return `${head}${evidence}${note}${footer}`;
}

/** The plain-text e-mail of a report (SNS): a subject of at most 99 characters and a body under 64 KB. */
export function renderNotification(report: Report, opts: NotificationOptions = {}): Notification {
  // Control characters, terminal escapes and bidi overrides shown as visible escapes (neutralise.ts).
  return { subject: neutraliseLine(subject(report)), text: neutralise(body(report, opts)) };
}
