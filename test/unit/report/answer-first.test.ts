import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../shared/report/html.ts';
import { renderMarkdown } from '../../../shared/report/markdown.ts';
import { renderNotification } from '../../../shared/report/notification.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';
import { ledgerReport } from './ledger-incident.ts';

const report = ledgerReport();
const fix = report.fixRecommendations[0];

describe('the HTML report, answer first', () => {
  const page = renderHtml(report);
  const main = page.slice(page.indexOf('<main'));
  const answer = main.slice(0, main.indexOf('</section>'));

  it('opens with the root cause and confidence, the first fix and its command, the picture and the impact', () => {
    expect(answer).toContain('id="section-answer"');
    expect(answer).toContain('<span class="confidence">85%</span>');
    expect(answer).toContain('Memory exhaustion in ledger-api');
    expect(answer).toContain(`#1 · ${fix?.title}`);
    expect(answer).toContain('kubectl rollout undo deployment/ledger-api -n billing');
    expect(answer).toContain('<svg viewBox=');
    expect(answer).toContain('120 × 503, 50 × 504');
  });

  it('stays one self-contained page with its pictures: no script, no external resource', () => {
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=|https?:\/\//i);
  });

  it('folds the detail after it; the table of contents follows the report', () => {
    expect(main.match(/<details/g)?.length).toBe(15);
    expect(main).toContain(
      '<details open>\n<summary><h2 id="section-summary-title">Executive summary</h2></summary>',
    );
    expect(main).toMatch(/<details>\n<summary><h2 id="section-reasoning-trail-title">/);
    expect(page.indexOf('<nav class="toc"')).toBeGreaterThan(page.indexOf('</main>'));
  });

  it('draws every chart of the report in the pictures section', () => {
    const pictures = main.slice(
      main.indexOf('id="section-pictures"'),
      main.indexOf('id="section-affected-services"'),
    );
    expect(pictures.match(/<figure class="chart">/g)).toHaveLength(report.charts?.length ?? -1);
  });

  it('still renders a report without pictures or phases, saying so', () => {
    const old = renderHtml(d02Report());
    expect(old).toContain('id="section-answer"');
    expect(old).toContain('No series to draw');
  });
});

describe('the Markdown report', () => {
  const md = renderMarkdown(report);

  it('has the same order: the answer, then summary, root cause, fixes, timeline', () => {
    const at = (h: string) => md.indexOf(`\n## ${h}\n`);
    const order = [
      'The answer',
      'Executive summary',
      'Root cause',
      'Fix recommendations',
      'Timeline',
      'Pictures',
    ].map(at);
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const answer = md.slice(at('The answer'), at('Executive summary'));
    expect(answer).toContain('**Root cause (85% confidence):**');
    expect(answer).toContain('kubectl rollout undo deployment/ledger-api -n billing');
    expect(answer).toContain('**Impact:**');
  });
});

describe('the e-mail', () => {
  const mail = renderNotification(report, { reportUrl: 'https://reports.example/INC-1/report.html' }).text;

  it('leads with the same three: root cause, the fixes with commands, the impact; then the link', () => {
    const positions = [
      'ROOT CAUSE',
      'FIX RECOMMENDATIONS',
      'IMPACT',
      'Full report, with the pictures:',
      'EXECUTIVE SUMMARY',
    ].map((s) => mail.indexOf(s));
    expect(positions.every((i) => i >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(mail).toContain('$ kubectl rollout undo deployment/ledger-api -n billing');
    expect(mail).not.toContain('<svg');
  });
});
