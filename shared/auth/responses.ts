/** What the auth and profile routes answer (see shared/kit/responses.ts). */
import * as z from 'zod';
import { count, timestamp } from '../kit/responses.ts';

/** UserView (schemas.ts): register, `GET /v1/me`, `PATCH /v1/me`, and login's `user`. */
export const User = z
  .strictObject({
    id: z.string().min(1).describe('The user id: the `sub` of the user\u2019s tokens'),
    email: z.email().describe('The sign-in email, lower case'),
    displayName: z.string(),
    isAdmin: z
      .boolean()
      .describe('In the administrators group, as the presented token (or the sign-in) says; always false on register'),
    timezone: z
      .string()
      .describe('IANA time zone (UTC until set); every "local date" of this user (today, finalize, nudges) is in it'),
    createdAt: timestamp('When the account was created'),
    mfaEnabled: z.boolean().describe('A TOTP authenticator code is required at sign-in'),
  })
  .meta({ id: 'User', description: 'The signed-in user' });

const accessToken = z.string().min(1).describe('JWT to send as `Authorization: Bearer \u2026`');
const idToken = z.string().min(1).describe('OpenID Connect id token (JWT); the API does not take it');
const expiresIn = count('Seconds until the access token expires');

/** Login: tokens and the user. */
export const Session = z
  .strictObject({
    accessToken,
    idToken,
    refreshToken: z
      .string()
      .min(1)
      .optional()
      .describe('For `POST /v1/auth/refresh`; the user pool issues one on every password sign-in'),
    expiresIn,
    user: User,
  })
  .meta({ id: 'Session', description: 'Tokens for a signed-in user, and the user' });

/** Login of an account with MFA: the password was right; `POST /v1/auth/login/mfa` completes it. */
export const MfaChallenge = z
  .strictObject({
    challenge: z.literal('totp').describe('The second factor asked for: a code from the user\u2019s authenticator app'),
    challengeId: z.string().min(1).describe('Send it with the code to `POST /v1/auth/login/mfa`; single use'),
    expiresIn: count('Seconds the challenge stays open'),
  })
  .meta({ id: 'MfaChallenge', description: 'The password was right; the sign-in waits for a TOTP code' });

/** Login: the session, or the MFA challenge when the account has MFA on. */
export const LoginAnswer = z.union([Session, MfaChallenge]).meta({ id: 'LoginAnswer' });

/** Register: the same answer whether or not the email already had an account. */
export const RegisterAccepted = z
  .strictObject({
    status: z.literal('accepted'),
    message: z.string().describe('What to do next (sign in); the same words for a new and a known email'),
  })
  .meta({
    id: 'RegisterAccepted',
    description:
      'The registration was taken. A new email has its account now; a known one keeps its account and its owner is notified in the app. The answer does not say which.',
  });

/** TOTP set-up: the shared secret, shown once. */
export const MfaSetup = z
  .strictObject({
    secret: z.string().min(16).describe('Base32 secret for manual entry in an authenticator app'),
    otpauthUri: z.string().startsWith('otpauth://totp/').describe('The same secret as an otpauth:// URI (for a QR code)'),
  })
  .meta({ id: 'MfaSetup', description: 'A TOTP secret to enrol; confirm with `POST /v1/me/mfa/enable`' });

/** Refresh: new access and id tokens. */
export const SessionTokens = z
  .strictObject({
    accessToken,
    idToken,
    refreshToken: z
      .string()
      .min(1)
      .describe('The refresh token to use next time: a new one if the user pool rotated it, else the one sent'),
    expiresIn,
  })
  .meta({ id: 'SessionTokens', description: 'New tokens from a refresh token' });
