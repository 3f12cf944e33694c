import type { SessionTokens } from './schemas.ts';

/** The identity store (Cognito): accounts, passwords, tokens and groups. */
export interface IdentityProvider {
  /** Creates a confirmed account and returns its user id (the token `sub`). 409 on a taken email. */
  signUp(email: string, password: string): Promise<string>;
  /** Tokens for valid credentials; 401 otherwise. */
  signIn(email: string, password: string): Promise<SessionTokens & { userId: string; isAdmin: boolean }>;
  refresh(refreshToken: string): Promise<SessionTokens>;
  changePassword(accessToken: string, current: string, next: string): Promise<void>;
  /** Removes the account (by the email it signs in with). */
  deleteAccount(email: string): Promise<void>;
  addToGroup(email: string, group: string): Promise<void>;
}
