import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair (RFC 7636 §4): the verifier stays here, the challenge goes to the authorize endpoint. */
export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

/** The S256 code challenge of `verifier`: BASE64URL(SHA-256(ASCII(verifier))), RFC 7636 §4.2. */
export function computeS256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh PKCE pair: 32 random bytes as a 43-character base64url verifier, S256 challenge. */
export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: computeS256Challenge(verifier), method: 'S256' };
}

/** A fresh OAuth `state`: 256 random bits, base64url (43 characters). */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}
