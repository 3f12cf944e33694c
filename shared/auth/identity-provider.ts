import { ConflictError, UnauthorizedError, ValidationError } from '../kit/errors.ts';
import type { SessionTokens } from './schemas.ts';

/** Tokens of a completed sign-in, with who signed in. */
export type SignedIn = SessionTokens & { userId: string; isAdmin: boolean };

/** A sign-in is complete, or waits for a second factor (Cognito's challenge session). */
export type SignInResult = ({ kind: 'signed_in' } & SignedIn) | { kind: 'mfa'; session: string };

/** The identity store (Cognito): accounts, passwords, tokens, groups and the TOTP factor. */
export interface IdentityProvider {
  /** Creates a confirmed account and returns its user id (the token `sub`); {@link AccountExistsError} on a taken email. */
  signUp(email: string, password: string): Promise<string>;
  /** The user id of an account, or undefined when there is none. */
  findUserId(email: string): Promise<string | undefined>;
  /** Signs in with a password; {@link BadCredentialsError} when it is wrong (or the email unknown). */
  signIn(email: string, password: string): Promise<SignInResult>;
  /** Completes a sign-in with a TOTP code; {@link BadCodeError} on a wrong code. */
  answerTotp(email: string, session: string, code: string): Promise<SignedIn>;
  /** Whether the password is the account's (no session is left behind). */
  checkPassword(email: string, password: string): Promise<boolean>;
  refresh(refreshToken: string): Promise<SessionTokens>;
  /** Ends a refresh token in the identity store (where it supports that). */
  revokeRefreshToken(refreshToken: string): Promise<void>;
  /** Ends every refresh token of the account in the identity store (where it supports that). */
  signOutEverywhere(email: string): Promise<void>;
  /** {@link WrongPasswordError} when `current` is not the password. */
  changePassword(accessToken: string, current: string, next: string): Promise<void>;
  /** Starts TOTP enrolment; returns the shared secret (base32). */
  startTotp(accessToken: string): Promise<string>;
  /** Confirms enrolment with a first code; {@link BadCodeError} when it is wrong. */
  confirmTotp(accessToken: string, code: string): Promise<void>;
  /** Turns the TOTP factor on (required at sign-in) or off. */
  setTotp(accessToken: string, enabled: boolean): Promise<void>;
  /** Removes the account (by the email it signs in with). */
  deleteAccount(email: string): Promise<void>;
  addToGroup(email: string, group: string): Promise<void>;
  removeFromGroup(email: string, group: string): Promise<void>;
  /** The user ids (token `sub`) of a group's members. */
  groupMembers(group: string): Promise<string[]>;
  /** Stops (or allows again) sign-in in the identity store; Mosaic's token state does the rest. */
  setEnabled(email: string, enabled: boolean): Promise<void>;
}

/** The email already has an account (never shown to the caller as such: see register). */
export class AccountExistsError extends ConflictError {
  constructor() {
    super('An account with this email already exists.');
  }
}

/** Wrong email or password: the same answer for both, so accounts cannot be probed. */
export class BadCredentialsError extends UnauthorizedError {
  constructor() {
    super('The email or password is wrong.');
  }
}

/** The current password given to confirm a change is wrong (400 naming the field). */
export class WrongPasswordError extends ValidationError {
  constructor(field: string) {
    super(`Invalid body: ${field}: is not your current password`, [{ field, message: 'is not your current password' }]);
  }
}

/** A TOTP code that does not match. */
/** 409: a code was sent to turn TOTP on before an authenticator was set up for the account. */
export class TotpNotSetUpError extends ConflictError {
  constructor() {
    super('Set up an authenticator app first (POST /v1/me/mfa/setup), then confirm it with its code.');
  }
}

export class BadCodeError extends ValidationError {
  constructor() {
    super('Invalid body: code: is not the current code of your authenticator', [
      { field: 'code', message: 'is not the current code of your authenticator' },
    ]);
  }
}
