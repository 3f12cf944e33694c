/**
 * The password rules: the Cognito user pool is created with the composition rules (infra/cdk and
 * the local pool) and the API checks them before calling Cognito, so a weak password gets a clear
 * 400 naming the rule. `minStrengthScore` is the API's own further rule: the zxcvbn-ts score a new
 * password must reach (0–4; 3 means at least 10^8 guesses), which refuses common passwords and
 * easy variations of them (password-strength.ts; register and password change only), and
 * `minDistinctCharacters` (case aside) refuses a password that is mostly one repeated character.
 */
export const PASSWORD_POLICY = {
  minLength: 10,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: false,
  minStrengthScore: 3,
  minDistinctCharacters: 5,
} as const;

/** The rules in words, as forms show them beside a new-password field. */
export const PASSWORD_HINT = `At least ${PASSWORD_POLICY.minLength} characters, with a lowercase letter, an uppercase letter and a digit; not a common password or an easy pattern.`;

/** The composition rules a password breaks (empty when it satisfies them). */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_POLICY.minLength)
    problems.push(`must be at least ${PASSWORD_POLICY.minLength} characters`);
  if (PASSWORD_POLICY.requireLowercase && !/[a-z]/.test(password))
    problems.push('must contain a lowercase letter');
  if (PASSWORD_POLICY.requireUppercase && !/[A-Z]/.test(password))
    problems.push('must contain an uppercase letter');
  if (PASSWORD_POLICY.requireDigits && !/\d/.test(password)) problems.push('must contain a digit');
  return problems;
}
