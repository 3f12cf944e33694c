import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.ts';

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
