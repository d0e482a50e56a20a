import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../shared/report/markdown.ts';
import { codeBlock, codeSpan, escapeMarkdownText, table } from '../../../shared/report/markdown-syntax.ts';
import { REPORT_SECTIONS } from '../../../shared/report/sections.ts';
import { d02Report } from '../domain/d02-report.fixture.ts';
import { hostileReport, IMG_PAYLOAD, inconclusiveReport, SCRIPT_PAYLOAD } from './report-variants.ts';

/** Markdown with its fenced blocks and code spans removed: what GitHub would parse as markup. */
function outsideCode(markdown: string): string {
  return markdown.replace(/^(`{3,})\n[\s\S]*?\n\1$/gm, '').replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

describe('renderMarkdown on the d02 report', () => {
  const report = d02Report();
  const md = renderMarkdown(report);

  it('shows the header and every section, in order', () => {
    expect(md.startsWith(`# ${report.title}\n`)).toBe(true);
    const h2s = [...md.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(h2s).toEqual(REPORT_SECTIONS.map((s) => s.title));
    expect(md).toContain('`INC-0a59a8a9`');
    expect(md).toContain('**P1 (Critical)**');
    expect(md).toContain('`checkout-gateway-error-rate`');
    expect(md).not.toContain('Inconclusive');
  });

  it('shows the root cause, the affected services and the fixes', () => {
    expect(md).toContain('- **Service:** payment-service');
    expect(md).toContain('- **Fault class:** Memory exhaustion');
    expect(md).toContain('- **Confidence:** 86%');
    expect(md).toContain('| Service | Role | Health | Impact | First seen | Errors |');
    expect(md).toContain('| --- | --- | --- | --- | --- | ---: |');
    for (const s of report.affectedServices) expect(md).toMatch(new RegExp(`^\\| ${s.service} \\|`, 'm'));
    for (const f of report.fixRecommendations) {
      expect(md).toContain(`### #${f.rank} · ${f.title}`);
      if (f.command) expect(md).toContain(`\`\`\`\n${f.command}\n\`\`\``);
    }
  });

  it('shows the forensics, evidence, whys and the rest', () => {
    expect(md).toContain('payment-service → checkout-gateway');
    expect(md).toContain(
      '**The rollout of payment-service version 2.4.1 (build 2026.04.08-1) introduced the leak (78% confidence).**',
    );
    expect(md).toContain('8m 59s');
    for (const line of report.evidence.lines) expect(md).toContain(`\`\`\`\n${line.text}\n\`\`\``);
    expect(md).toContain('`heap usage <*>Ki of <*>Ki limit, gc pause <*>ms`');
    report.fiveWhys.forEach((w, i) => {
      expect(md).toContain(`**Why \\#${i + 1}: ${w.question}**`.replace('\\#', '#'));
    });
    expect(md).toContain(report.systemicRootCause);
    expect(md).toContain(report.counterfactual);
    expect(md).toContain('`INC-7d1bf9ff`');
    expect(md).toContain('**Step 1 · TOOL_CALL** · Mine log templates');
    expect(md).toContain('| services named in the logs | **Passed** |');
    expect(md).toContain('- **Lines scanned:** 1,345');
  });
});

describe('renderMarkdown escaping', () => {
  const md = renderMarkdown(hostileReport());

  it('keeps log lines and templates verbatim inside code', () => {
    expect(md).toContain(`\`\`\`\nGET /search?q=${SCRIPT_PAYLOAD} ${IMG_PAYLOAD} 200\n\`\`\``);
    expect(md).toContain(`| \`GET /search?q=${SCRIPT_PAYLOAD} ${IMG_PAYLOAD} <*>\` |`);
  });

  it('leaves no raw HTML tag outside code: prose is backslash-escaped', () => {
    const markup = outsideCode(md);
    expect(markup).not.toMatch(/(?<!\\)<(script|img|b)\b/i);
    expect(markup).toContain('Served \\<script\\>alert(1)\\</script\\>');
    expect(markup).toContain('search\\_logs(pattern="\\<script\\>');
    expect(markup).toContain('\\<img src=x onerror=alert(1)\\>');
  });

  it('uses a fence longer than any backtick run inside, and escapes | in table cells', () => {
    expect(codeSpan('a ``` b')).toBe('````a ``` b````');
    expect(codeSpan('`tick`')).toBe('`` `tick` ``');
    expect(codeBlock('before\n````\nafter')).toBe('`````\nbefore\n````\nafter\n`````');
    expect(table(['A'], [[codeSpan('x | y')]])).toBe('| A |\n| --- |\n| `x \\| y` |');
    expect(escapeMarkdownText('# not a heading *or* [link](x) <b>')).toBe(
      '\\# not a heading \\*or\\* \\[link\\](x) \\<b\\>',
    );

    const r = d02Report();
    const line = r.evidence.lines[0];
    if (!line) throw new Error('fixture has evidence lines');
    line.text = 'raw ``` fence and `tick` inside';
    const out = renderMarkdown(r);
    expect(out).toContain('````\nraw ``` fence and `tick` inside\n````');
  });
});

describe('renderMarkdown on an inconclusive report', () => {
  it('shows the inconclusive banner and no root-cause service', () => {
    const md = renderMarkdown(inconclusiveReport());
    expect(md).toContain('> **Inconclusive: the evidence names no cause');
    expect(md).toContain('- **Service:** _not identified_');
    expect(md).toContain('- **Fault class:** Unknown');
  });
});
