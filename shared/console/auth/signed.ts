import type { Signer } from './types.ts';

/**
 * `base64url(JSON).signature`: a value the console wrote and can read back unchanged. Each kind
 * of value has its own key (`ConsoleKeys`), and `purpose` is signed too, so that a state never
 * passes for a session even under a shared key (the tests, a misconfiguration).
 */
export function sealValue(signer: Signer, purpose: string, value: unknown): string {
  const payload = Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${payload}.${signer.sign(`incidentiq-${purpose}:${payload}`)}`;
}

/** The value `sealValue` sealed for `purpose`, or null if it was not (or was altered since). */
export function openValue(signer: Signer, purpose: string, sealed: string): Record<string, unknown> | null {
  const dot = sealed.lastIndexOf('.');
  if (dot < 1 || sealed.length > 8192) return null;
  const payload = sealed.slice(0, dot);
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) return null;
  if (!signer.verify(`incidentiq-${purpose}:${payload}`, sealed.slice(dot + 1))) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
