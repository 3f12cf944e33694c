/**
 * The password rules: the Cognito user pool is created with exactly these (infra/cdk) and the API
 * checks them before calling Cognito, so a weak password gets a clear 400 naming the rule.
 */
export const PASSWORD_POLICY = {
  minLength: 10,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: false,
} as const;

/** The rules a password breaks (empty when it satisfies the policy). */
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
