import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.ts';
import { weakPasswordReason } from './password-strength.ts';

describe('password policy', () => {
  it('accepts a password meeting every rule', () => {
    expect(passwordProblems('Correct-Horse-9')).toEqual([]);
  });
  it('names each broken rule', () => {
    expect(passwordProblems('short')).toEqual([
      'must be at least 10 characters',
      'must contain an uppercase letter',
      'must contain a digit',
    ]);
    expect(passwordProblems('ALLUPPERCASE1')).toEqual(['must contain a lowercase letter']);
  });
});

describe('password strength', () => {
  it('refuses common passwords and easy patterns that pass the composition rules, saying why', async () => {
    for (const weak of ['Password12', 'Qwerty1234', 'Aaaaaaaaa1', 'Summer2024!']) {
      expect(passwordProblems(weak)).toEqual([]);
      expect(await weakPasswordReason(weak)).toMatch(/^is too easy to guess: /);
    }
    expect(await weakPasswordReason('Password12')).toContain('common password');
  });
  it('refuses a password of fewer than five different characters, whatever zxcvbn makes of it', async () => {
    for (const weak of ['Aaaaaaaaa1', 'Zzzzzzzzzz9', 'Ab1Ab1Ab1Ab1']) expect(await weakPasswordReason(weak)).toBe('is too easy to guess: it is mostly a repeated character or pattern');
  });
  it('refuses common passwords the list carries with case and digit changes', async () => {
    for (const weak of ['Sunshine2024', 'Superman2024', 'Dragon123456']) expect(await weakPasswordReason(weak)).toContain('common password');
  });
  it('refuses a password made of the account’s own email', async () => {
    expect(await weakPasswordReason('Adalovelace1', ['adalovelace@example.com', 'adalovelace'])).toContain('your email or name');
  });
  it('accepts passwords with enough variety', async () => {
    for (const strong of ['Correct-Horse-9', 'Brand-New-Pass-2', 'Mosaic-Rocks-77']) expect(await weakPasswordReason(strong)).toBeUndefined();
  });
});
