import { describe, expect, it } from 'vitest';
import { totp } from '../support/totp.ts';

describe('test TOTP', () => {
  it('matches the RFC 6238 SHA-1 test vectors (last 6 digits)', () => {
    // RFC 6238 appendix B: secret "12345678901234567890" (ASCII), base32 below.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totp(secret, 59_000)).toBe('287082');
    expect(totp(secret, 1_111_111_109_000)).toBe('081804');
    expect(totp(secret, 1_234_567_890_000)).toBe('005924');
    expect(totp(secret, 20_000_000_000_000)).toBe('353130');
  });
});
