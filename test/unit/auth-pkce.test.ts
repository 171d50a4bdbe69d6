import { describe, expect, it } from 'vitest';
import { computeS256Challenge, createPkce, createState } from '../../electron/core/auth/pkce';

const BASE64URL_43 = /^[A-Za-z0-9_-]{43}$/;

describe('PKCE (RFC 7636)', () => {
  // RFC 7636 Appendix B, byte for byte.
  it('computes the S256 challenge of the Appendix B example verifier', () => {
    expect(computeS256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes a 43-character base64url verifier (32 random bytes) with its S256 challenge', () => {
    const pkce = createPkce();
    expect(pkce.method).toBe('S256');
    expect(pkce.verifier).toMatch(BASE64URL_43);
    expect(Buffer.from(pkce.verifier, 'base64url')).toHaveLength(32);
    expect(pkce.challenge).toBe(computeS256Challenge(pkce.verifier));
  });

  it('never repeats a verifier', () => {
    const verifiers = new Set(Array.from({ length: 200 }, () => createPkce().verifier));
    expect(verifiers.size).toBe(200);
  });
});

describe('createState', () => {
  it('is base64url with at least 128 bits of randomness, fresh every time', () => {
    const states = Array.from({ length: 200 }, () => createState());
    for (const state of states) {
      expect(state).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(state, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
    expect(new Set(states).size).toBe(200);
  });
});
