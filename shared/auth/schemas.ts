import * as z from 'zod';
import { isValidTimeZone } from '../kit/dates.ts';
import { passwordProblems } from './password-policy.ts';

const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email('must be an email address'));

export const NewPassword = z
  .string()
  .max(256)
  .superRefine((value, ctx) => {
    for (const problem of passwordProblems(value)) ctx.addIssue({ code: 'custom', message: problem });
  });

export const DisplayName = z.string().trim().min(1).max(80);

export const TimeZone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin');

export const RegisterBody = z.object({
  email: Email,
  password: NewPassword,
  displayName: DisplayName,
  timezone: TimeZone.optional(),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({
  email: Email,
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = z.object({ refreshToken: z.string().min(1).max(8192) });
export type RefreshBody = z.infer<typeof RefreshBody>;

export const UpdateMeBody = z
  .object({
    displayName: DisplayName.optional(),
    timezone: TimeZone.optional(),
    password: z
      .object({ current: z.string().min(1).max(256), new: NewPassword })
      .optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change');
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;

/** The public face of a user, as login and `GET /v1/me` return it. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  timezone: string;
  createdAt: string;
}

export interface SessionTokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
}
