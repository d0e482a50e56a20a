import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Signer } from './types.ts';

/** Below this a key is a configuration mistake, not a secret. */
const MIN_KEY_LENGTH = 32;

function hmac(key: string | Buffer): (text: string) => string {
  if (key.length < MIN_KEY_LENGTH)
    throw new Error(`a console key must have at least ${MIN_KEY_LENGTH} characters`);
  return (text) => createHmac('sha256', key).update(text).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * HMAC-SHA256 under `current`; values signed under `previous` (the key before a rotation) still
 * verify, so rotating a key does not sign everyone out at once.
 */
export function hmacSigner(current: string | Buffer, previous?: string | Buffer): Signer {
  const keys = [hmac(current), ...(previous === undefined ? [] : [hmac(previous)])];
  const [sign] = keys as [(text: string) => string];
  return {
    sign,
    verify: (text, signature) => keys.some((mac) => same(mac(text), signature)),
  };
}
