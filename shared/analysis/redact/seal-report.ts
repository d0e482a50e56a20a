import { parseReport, type Report } from '../../domain/report.ts';
import type { QualityCheck } from '../../domain/report-metadata.ts';
import { REDACTION_KINDS } from './kinds.ts';
import { containsSecret } from './redact.ts';
import { redactDeep } from './redact-deep.ts';

const MARKERS = new RegExp(`\\[REDACTED:(${REDACTION_KINDS.join('|')})\\]`, 'g');

/** `[REDACTED:kind]` markers in the text, by kind, in REDACTION_KINDS order. */
function markerCounts(text: string): string {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(MARKERS)) counts.set(m[1] as string, (counts.get(m[1] as string) ?? 0) + 1);
  return REDACTION_KINDS.filter((k) => counts.has(k))
    .map((k) => `${counts.get(k)} ${k}`)
    .join(', ');
}

const LATE_PREFIX = ' Of these, masked only in the final report (after a merge): ';
const LATE = /masked only in the final report \(after a merge\): (.*)\.$/;

function replaceCheck(checks: QualityCheck[], next: QualityCheck): QualityCheck[] {
  const at = checks.findIndex((c) => c.name === next.name);
  if (at === -1) return [...checks, next];
  return checks.map((c, i) => (i === at ? next : c));
}

/**
 * The last step before a report leaves the process (files, stdout, the store, the notifier): every
 * string of the final report masked once more, after every merge (similar incidents and their
 * feedback, the model's prose, notes of the store), and the `secrets-redacted` and `schema-valid`
 * self-checks run on exactly what is delivered.
 */
export function sealReport(report: Report): Report {
  const { value, findings } = redactDeep(report);
  const sealed = value as Report;
  const text = JSON.stringify(sealed);
  const masked = markerCounts(text);
  // Sealing an already sealed report (the CLI's copy of a published one) keeps what the first found.
  const earlier = sealed.quality.checks.find((c) => c.name === 'secrets-redacted')?.detail ?? '';
  const late = findings.map((f) => `${f.count} ${f.kind}`).join(', ') || (LATE.exec(earlier)?.[1] ?? '');
  const secrets: QualityCheck = {
    name: 'secrets-redacted',
    passed: !containsSecret(text),
    detail:
      (masked === '' ? 'No secret or personal data found.' : `Masked as read: ${masked}.`) +
      (late === '' ? '' : `${LATE_PREFIX}${late}.`),
  };
  let checks = replaceCheck(sealed.quality.checks, secrets);
  const schema = parseReport({ ...sealed, quality: { ...sealed.quality, checks } });
  checks = replaceCheck(checks, {
    name: 'schema-valid',
    passed: schema.ok,
    detail: schema.ok ? 'The report matches the contract schema.' : schema.error,
  });
  return { ...sealed, quality: { ...sealed.quality, checks } };
}
