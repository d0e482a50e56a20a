import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../shared/report/escape.ts';
import { renderHtml } from '../../../shared/report/html.ts';
import { REPORT_SECTIONS } from '../../../shared/report/sections.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';
import { hostileReport, inconclusiveReport } from './report-variants.ts';

const RESULTS_DIR = fileURLToPath(new URL('../../../test-results/', import.meta.url));

/** The text of an HTML fragment, tags removed and the entities the renderer writes decoded. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('renderHtml on the d02 report', () => {
  const report = d02Report();
  const page = renderHtml(report);
  const text = textOf(page);

  it('writes the page to test-results/ for people to look at', () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(`${RESULTS_DIR}report-d02.html`, page);
  });

  it('is one self-contained HTML5 page: no scripts, no external resources', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|https?:\/\//i);
  });

  it('has landmarks, one h1 and a heading hierarchy without jumps', () => {
    for (const landmark of ['<header', '<nav', '<main', '<footer']) expect(page).toContain(landmark);
    const levels = [...page.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    levels.forEach((level, i) => {
      if (i > 0) expect(level).toBeLessThanOrEqual((levels[i - 1] ?? 1) + 1);
    });
  });

  it('gives every table header a scope', () => {
    const headers = [...page.matchAll(/<th\b[^>]*>/g)].map((m) => m[0]);
    expect(headers.length).toBeGreaterThan(10);
    for (const th of headers) expect(th).toMatch(/scope="(col|row)"/);
  });

  it('shows the header and every section, in order', () => {
    const h2s = [...page.matchAll(/<h2[^>]*>([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(h2s).toEqual(REPORT_SECTIONS.map((s) => s.title));
    expect(page).toContain(`<h1>${report.title}</h1>`);
    expect(text).toContain(report.incidentId);
    expect(text).toContain('P1 (Critical)');
    expect(text).toContain(report.severityReason);
    expect(text).toContain(report.alarm.name);
    expect(text).toContain('2026-04-08 14:43:00 UTC');
    expect(text).not.toContain('Inconclusive');
  });

  it('shows the root cause, the affected services and the fixes', () => {
    expect(text).toContain(report.rootCause.summary);
    expect(page).toContain('<code>payment-service</code>');
    expect(text).toContain('Memory exhaustion');
    expect(text).toContain('86%');
    for (const s of report.affectedServices) {
      expect(page).toContain(`<th scope="row">${s.service}</th>`);
      expect(text).toContain(s.impact);
    }
    expect(text).toContain('180');
    for (const f of report.fixRecommendations) {
      expect(text).toContain(f.title);
      if (f.command) expect(page).toContain(`<pre><code>${escapeHtml(f.command)}</code></pre>`);
    }
  });

  it('shows the forensics, evidence, whys and the rest', () => {
    const { forensics } = report;
    expect(text).toContain('payment-service → checkout-gateway');
    expect(text).toContain(
      'The rollout of payment-service version 2.4.1 (build 2026.04.08-1) introduced the leak (78% confidence).',
    );
    expect(text).toContain(forensics.trigger?.evidence);
    expect(text).toContain('8m 59s');
    for (const line of report.evidence.lines) expect(text).toContain(line.text);
    for (const p of report.evidence.patterns) expect(text).toContain(p.template);
    report.fiveWhys.forEach((w, i) => {
      expect(text).toContain(`Why #${i + 1}: ${w.question}`);
    });
    expect(text).toContain('Because no payment-service pod was ready to take requests.');
    expect(text).toContain('Because v2.4.1 caches coupon validations');
    expect(text).toContain(report.systemicRootCause);
    expect(text).toContain(report.counterfactual);
    expect(text).toContain('INC-7d1bf9ff');
    expect(text).toContain('72%');
    for (const step of report.reasoningTrail) expect(text).toContain(step.title);
    expect(text).toContain('incidentiq-offline-1');
    expect(text).toContain('Passed');
    expect(text).toContain('1,345');
    expect(text).toContain('412 ms');
  });

  it('says when a quality check failed', () => {
    const r = d02Report();
    r.quality.checks.push({ name: 'trigger precedes fault', passed: false, detail: 'no change found' });
    expect(renderHtml(r)).toContain('class="badge check-failed">Failed</span>');
  });
});

describe('renderHtml escaping', () => {
  const page = renderHtml(hostileReport());

  it('shows untrusted text as text: no <script or <img tag', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img/i);
    expect(page).not.toContain('<b>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&quot;failed&quot; &amp; &#39;stopped&#39;');
  });

  it('escapes the payload in the log line, the template, the impact and the reasoning detail', () => {
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;';
    expect(page).toContain(`<pre><code>GET /search?q=${escaped} 200</code></pre>`);
    expect(page).toContain(`<code>GET /search?q=${escaped} &lt;*&gt;</code>`);
    expect(page).toContain(`<td>Served ${escaped} to users.</td>`);
    expect(page).toContain(`search_logs(pattern=&quot;${escaped}&quot;)`);
  });
});

describe('renderHtml on an inconclusive report', () => {
  it('shows the inconclusive banner and no root-cause service', () => {
    const page = renderHtml(inconclusiveReport());
    expect(page).toMatch(/<p class="banner"><strong>Inconclusive: /);
    expect(textOf(page)).toContain('not identified');
    expect(textOf(page)).toContain('No trigger found in the evidence.');
  });
});
