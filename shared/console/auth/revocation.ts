import { MAX_SESSION_SECONDS } from './session.ts';
import type { Session, SignOut } from './types.ts';

/**
 * Whether a logout voided this session: the user signed out at or after the second it was issued
 * (in this browser or another; a copied cookie is void too). Without `signOut` nothing is revoked.
 */
export async function isRevoked(signOut: SignOut | undefined, session: Session): Promise<boolean> {
  if (!signOut) return false;
  const at = await signOut.revocations.revokedAt(session.sub);
  return at !== null && session.issuedAt <= at;
}

/**
 * Logout: voids every session of the user issued until now. The record is needed only while such a
 * session could still be open, so it may be forgotten `MAX_SESSION_SECONDS` later.
 */
export async function revokeSessions(signOut: SignOut, session: Session, now: Date): Promise<void> {
  const at = Math.floor(now.getTime() / 1000);
  await signOut.revocations.revoke(session.sub, at, at + MAX_SESSION_SECONDS);
}
