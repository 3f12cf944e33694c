import type { MatchExtended, ZxcvbnFactory } from '@zxcvbn-ts/core';
import { unpackStrengthData } from './common-passwords.ts';
import { PASSWORD_POLICY } from './password-policy.ts';

let factory: Promise<ZxcvbnFactory> | undefined;

/**
 * zxcvbn-ts with the most common passwords of its ranked list (common-passwords.json, brotli;
 * infra/common-passwords.ts says which) and the US keyboard and keypad graphs. Made on first use:
 * only the register and password-change functions reach this module, and even there the list is
 * decoded only when a password is checked.
 */
function strength(): Promise<ZxcvbnFactory> {
  factory ??= import('@zxcvbn-ts/core').then((core) => {
    const { passwords, graphs } = unpackStrengthData();
    return new core.ZxcvbnFactory({ dictionary: { 'passwords-common': passwords }, graphs });
  });
  return factory;
}

/** Words for the pattern that makes a password easy, from the longest match zxcvbn found. */
function reasonOf(matches: MatchExtended[]): string {
  const longest = [...matches]
    .filter((m) => m.pattern !== 'bruteforce' && m.pattern !== 'separator')
    .sort((a, b) => b.token.length - a.token.length)[0];
  if (!longest) return 'it is too short for its variety';
  if (longest.pattern === 'dictionary' && longest.dictionaryName === 'userInputs') return 'it contains your email or name';
  if (longest.pattern === 'dictionary') return 'it is a common password, or one with a small change';
  if (longest.pattern === 'repeat') return 'it is mostly a repeated character or pattern';
  if (longest.pattern === 'spatial') return 'it is a keyboard pattern';
  if (longest.pattern === 'sequence') return 'it is mostly a sequence such as abc or 1234';
  if (longest.pattern === 'date') return 'it is mostly a date';
  return 'it follows a common pattern';
}

/**
 * Why a new password is too easy to guess, or undefined when it is strong enough
 * (PASSWORD_POLICY.minStrengthScore). `userInputs` are words of the account (email, name) that a
 * guesser would try first.
 */
export async function weakPasswordReason(password: string, userInputs: string[] = []): Promise<string | undefined> {
  // zxcvbn rates a long run of one letter near its threshold (`Aaaaaaaaa1`); this says so outright.
  if (new Set(password.toLowerCase()).size < PASSWORD_POLICY.minDistinctCharacters)
    return 'is too easy to guess: it is mostly a repeated character or pattern';
  const result = (await strength()).check(password, userInputs.filter(Boolean));
  if (result.score >= PASSWORD_POLICY.minStrengthScore) return undefined;
  return `is too easy to guess: ${reasonOf(result.sequence)}`;
}
