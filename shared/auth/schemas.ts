import * as z from 'zod/mini';
import { isIanaTimeZone } from '../kit/dates.ts';
import { somethingToChange, trimmedText } from '../kit/schemas.ts';
import { passwordProblems } from './password-policy.ts';
import { MAX_DISPLAY_NAME } from './limits.ts';

const Email = z.pipe(
  z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)),
  z.email('must be an email address'),
);

export const NewPassword = z.string().check(
  z.maxLength(256),
  z.superRefine((value, ctx) => {
    for (const problem of passwordProblems(value)) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

/** A password as typed to sign in or to confirm a change (not checked against the policy). */
const Password = z.string().check(z.minLength(1), z.maxLength(256));

export const DisplayName = trimmedText(MAX_DISPLAY_NAME, 1);

export const TimeZone = z
  .string()
  .check(z.maxLength(64), z.refine(isIanaTimeZone, 'must be an IANA time zone name such as Europe/Berlin or UTC (not an abbreviation or offset)'));

export const RegisterBody = z.object({
  email: Email,
  password: NewPassword,
  displayName: DisplayName,
  timezone: z.optional(TimeZone),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({
  email: Email,
  password: Password,
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = z.object({ refreshToken: z.string().check(z.minLength(1), z.maxLength(8192)) });
export type RefreshBody = z.infer<typeof RefreshBody>;

/** Ends this session: the refresh token the client holds for it. */
export const LogoutBody = z.object({ refreshToken: z.string().check(z.minLength(1), z.maxLength(8192)) });
export type LogoutBody = z.infer<typeof LogoutBody>;

/** A TOTP code as an authenticator app shows it (spaces allowed, as apps group the digits). */
const TotpCode = z.pipe(
  z.string().check(z.maxLength(16), z.overwrite((v) => v.replace(/\s+/g, ''))),
  z.string().check(z.regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app')),
);

/** Completes a sign-in that answered with an MFA challenge. */
export const LoginMfaBody = z.object({
  challengeId: z.string().check(z.minLength(1), z.maxLength(200)),
  code: TotpCode,
});
export type LoginMfaBody = z.infer<typeof LoginMfaBody>;

/** Turns TOTP on with a first code from the newly set up app. */
export const MfaEnableBody = z.object({ code: TotpCode });
export type MfaEnableBody = z.infer<typeof MfaEnableBody>;

/** Confirms a sensitive account change with the current password. */
export const PasswordConfirmBody = z.object({ password: Password });
export type PasswordConfirmBody = z.infer<typeof PasswordConfirmBody>;

export const UpdateMeBody = z
  .object({
    displayName: z.optional(DisplayName),
    timezone: z.optional(TimeZone),
    password: z.optional(z.object({ current: Password, new: NewPassword })),
  })
  .check(somethingToChange);
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

/** The public face of a user, as login and `GET /v1/me` return it. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  timezone: string;
  createdAt: string;
  /** A TOTP authenticator is required at sign-in. */
  mfaEnabled: boolean;
}

export interface SessionTokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
}
