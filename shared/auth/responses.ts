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
