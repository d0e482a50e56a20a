import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { describe, expect, it } from 'vitest';
import { redact } from '../../../shared/analysis/redact/index.ts';

/*
 * secretlint's recommended rule set as the oracle: on lines we write, every span its rules report
 * as a secret is masked by our redactor (none of the span's characters survive as a run of 8).
 * The product does not call secretlint per line (too slow for millions of events); this keeps our
 * token shapes (token-shapes.ts) in step with the maintained rules.
 */
const LINES = [
  'deploy notified https://hooks.slack.com/services/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',
  'publish with npm_Zx9Cv8Bn7Mm6Lk5Jh4Gf3Ds2Aq1Wp0Oi9Uy8',
  'mail via SG.Ab3De6Gh9Jk2Mn5Pq8St1Vw.Yz4Bc7Ef0Hi3Kl6No9Qr2Tu5Wx8Za1Cd4Fg7Ij0Lm3',
  'login AKIAZ7Q2W4E6R8T0Y1U3 failed',
  'cloned with ghp_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8 ok',
  'openai key sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12Wx34Yz56T3BlbkFJAb12Cd34Ef56Gh78Ij90',
  'anthropic sk-ant-api03-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12Wx34Yz56Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78-Ab12CdAA',
  'bot xoxb-123456789012-1234567890123-Ab12Cd34Ef56Gh78Ij90Kl12',
  'db mysql://orders:Pq7Rs9Tu1@db.example.com:3306/orders',
  'basic auth https://deploy:Xy7Zw9Vu1@ci.example.com/job',
  'shopify shpat_0123456789abcdef0123456789abcdef',
  'linear lin_api_Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90',
];

const USERINFO = /:\/\/[^:/@]*:([^@]+)@/;

async function secretSpans(content: string): Promise<string[]> {
  const result = await lintSource({
    source: { filePath: '/incident.log', content, ext: '.log', contentType: 'text' },
    options: {
      config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] },
    },
  });
  return result.messages.map((m) => content.slice(m.range[0], m.range[1]));
}

describe('secretlint recommended rules as an oracle', () => {
  it('finds secrets in our sample lines (the oracle is awake)', async () => {
    expect((await secretSpans(LINES.join('\n'))).length).toBeGreaterThanOrEqual(6);
  });

  it.each(LINES)('every span secretlint reports is masked: %s', async (line) => {
    const masked = redact(line).text;
    for (const span of await secretSpans(line)) {
      // A URL with credentials is reported whole; its user and host stay on purpose (they say which
      // account and where), its password must go. A webhook keeps its host.
      const secret = USERINFO.exec(span)?.[1] ?? span.replace(/^https:\/\/hooks\.slack\.com\//, '');
      for (let i = 0; i + 8 <= secret.length; i++) {
        const piece = secret.slice(i, i + 8);
        expect(masked, `"${piece}" of ${span}`).not.toContain(piece);
      }
    }
  });
});
