import type { MatchExtended, ZxcvbnFactory } from '@zxcvbn-ts/core';
import { PASSWORD_POLICY } from './password-policy.ts';

let factory: Promise<ZxcvbnFactory> | undefined;

/**
 * zxcvbn-ts with its common-password list (about 30,000 passwords, ranked) and keyboard graphs.
 * Imported on first use: only the register and password-change functions reach this module, and
 * even there the list (≈ 380 KB) is decoded only when a password is checked.
 */
function strength(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) =>
      new core.ZxcvbnFactory({
        dictionary: { 'passwords-common': common.dictionary['passwords-common'] },
        graphs: common.adjacencyGraphs,
      }),
  );
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
  const result = (await strength()).check(password, userInputs.filter(Boolean));
  if (result.score >= PASSWORD_POLICY.minStrengthScore) return undefined;
  return `is too easy to guess: ${reasonOf(result.sequence)}`;
}
