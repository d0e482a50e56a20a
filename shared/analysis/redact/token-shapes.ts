/*
 * Vendor token shapes, as data. The prefixes and lengths follow the rules of secretlint's
 * recommended preset (@secretlint/secretlint-rule-preset-recommend: aws, github, slack, npm,
 * sendgrid, openai, anthropic, gcp, shopify, linear, 1password) and the gitleaks rule set for the
 * vendors secretlint has no rule for (Stripe webhooks, GitLab, Vault, Hugging Face, Twilio); a test
 * runs secretlint itself over samples and checks that every span it reports is masked here.
 *
 * Each shape starts with a literal prefix that a letter or digit may not precede: a token glued
 * after `-`, `_` or punctuation (`key_ghp_…`, `id-AKIA…`) is still found. Each is linear: one
 * prefix, then one character run.
 */
import type { RedactionKind } from './kinds.ts';

export interface TokenShape {
  readonly kind: RedactionKind;
  /** The regular expression source of the whole token (prefix included). */
  readonly source: string;
  /** A literal every match contains, for the cheap pre-check. */
  readonly prefix: string;
}

const shape = (kind: RedactionKind, prefix: string, source: string): TokenShape => ({ kind, prefix, source });

export const TOKEN_SHAPES: readonly TokenShape[] = [
  shape('aws-access-key', 'AKIA', 'AKIA[A-Z0-9]{16}(?![A-Za-z0-9])'),
  shape('aws-access-key', 'ASIA', 'ASIA[A-Z0-9]{16}(?![A-Za-z0-9])'),
  shape('api-key', 'sk_', 'sk_(?:live|test)_[A-Za-z0-9]{10,}'),
  shape('api-key', 'rk_', 'rk_(?:live|test)_[A-Za-z0-9]{10,}'),
  shape('api-key', 'whsec_', 'whsec_[A-Za-z0-9+/=]{20,}'),
  shape('api-key', 'gh', 'gh[pousr]_[A-Za-z0-9]{30,}'),
  shape('api-key', 'github_pat_', 'github_pat_[A-Za-z0-9_]{30,}'),
  shape('api-key', 'glpat-', 'glpat-[A-Za-z0-9_-]{20,}'),
  shape('api-key', 'gl', 'gl(?:ptt|dt|rt|cbt|imt|ft|agent|oas|soat)-[A-Za-z0-9_-]{20,}'),
  shape('api-key', 'xox', 'xox[abposre]-[A-Za-z0-9-]{10,}'),
  shape('api-key', 'xapp-', 'xapp-[A-Za-z0-9-]{10,}'),
  shape('api-key', 'AIza', 'AIza[A-Za-z0-9_-]{30,}'),
  shape('api-key', 'sk-', 'sk-[A-Za-z0-9_-]{20,}'),
  shape('api-key', 'npm_', 'npm_[A-Za-z0-9]{30,}'),
  shape('api-key', 'SG.', 'SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}'),
  shape('api-key', 'hv', 'hv[sbr]\\.[A-Za-z0-9_-]{20,}'),
  shape('api-key', 'hf_', 'hf_[A-Za-z0-9]{30,}'),
  shape('api-key', 'AC', 'AC[a-f0-9]{32}(?![A-Za-z0-9])'),
  shape('api-key', 'SK', 'SK[a-f0-9]{32}(?![A-Za-z0-9])'),
  shape('api-key', 'shp', 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}'),
  shape('api-key', 'lin_api_', 'lin_api_[A-Za-z0-9]{40}'),
  shape('api-key', 'ops_', 'ops_eyJ[A-Za-z0-9+/=_-]{20,}'),
  shape('api-key', 'pypi-', 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{20,}'),
  shape('api-key', 'dop_v1_', 'do[por]_v1_[a-f0-9]{64}'),
  shape(
    'webhook-url',
    'hooks.slack.com',
    'https?://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]+',
  ),
  shape(
    'webhook-url',
    'discord',
    'https?://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]+',
  ),
  shape(
    'webhook-url',
    'webhook.office.com',
    'https?://[a-z0-9.-]+\\.webhook\\.office\\.com/[A-Za-z0-9@/_.-]+',
  ),
];
