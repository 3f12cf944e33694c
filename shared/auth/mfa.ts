import { NotFoundError } from '../kit/errors.ts';
import type { Profile } from '../users/profile-repository.ts';
import { confirmPassword, notifySecurity, view, type AccountDeps, type Caller, type RequestContext } from './accounts.ts';
import type { MfaEnableBody, PasswordConfirmBody, UserView } from './schemas.ts';

/** The issuer an authenticator app shows beside the account. */
export const TOTP_ISSUER = 'Mosaic';

async function profileOf(deps: Pick<AccountDeps, 'profiles'>, user: Caller): Promise<Profile> {
  const profile = await deps.profiles.get(user.id);
  if (!profile) throw new NotFoundError('Your profile');
  return profile;
}

/** The `otpauth://` URI authenticator apps read from a QR code (RFC 6238 defaults: SHA-1, 6 digits, 30 s). */
export function otpauthUri(email: string, secret: string): string {
  const label = encodeURIComponent(`${TOTP_ISSUER}:${email}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${TOTP_ISSUER}&algorithm=SHA1&digits=6&period=30`;
}

/**
 * Starts TOTP enrolment: the user pool makes a secret, shown once (as text and as a QR code's
 * URI). Nothing changes at sign-in until a code from the app confirms it ({@link enableMfa}).
 */
export async function startMfaSetup(
  deps: Pick<AccountDeps, 'identity' | 'profiles'>,
  user: Caller,
  accessToken: string,
): Promise<{ secret: string; otpauthUri: string }> {
  const profile = await profileOf(deps, user);
  const secret = await deps.identity.startTotp(accessToken);
  return { secret, otpauthUri: otpauthUri(profile.email, secret) };
}

/** Confirms the app with its current code and turns TOTP on: every later sign-in asks for a code. */
export async function enableMfa(
  deps: Pick<AccountDeps, 'identity' | 'profiles' | 'notifications' | 'security' | 'now'>,
  user: Caller,
  accessToken: string,
  body: MfaEnableBody,
  context: RequestContext,
): Promise<UserView> {
  await profileOf(deps, user);
  await deps.identity.confirmTotp(accessToken, body.code);
  await deps.identity.setTotp(accessToken, true);
  const profile = await deps.profiles.update(user.id, { mfaEnabled: true });
  await deps.security({ type: 'mfa.enabled', userId: user.id, sourceIp: context.sourceIp });
  await notifySecurity(deps, profile, 'mfa-on', 'mfa.enabled', 'Two-step sign-in is on', 'Signing in now also asks for a code from your authenticator app.');
  return view(profile, user.isAdmin);
}

/** Turns TOTP off, after the current password (counted against the lockout like a sign-in). */
export async function disableMfa(
  deps: Pick<AccountDeps, 'identity' | 'profiles' | 'guard' | 'notifications' | 'security' | 'now'>,
  user: Caller,
  accessToken: string,
  body: PasswordConfirmBody,
  context: RequestContext,
): Promise<UserView> {
  const current = await profileOf(deps, user);
  await confirmPassword(deps, current, body.password, 'password', context);
  await deps.identity.setTotp(accessToken, false);
  const profile = await deps.profiles.update(user.id, { mfaEnabled: false });
  await deps.security({ type: 'mfa.disabled', userId: user.id, sourceIp: context.sourceIp });
  await notifySecurity(deps, profile, 'mfa-off', 'mfa.disabled', 'Two-step sign-in is off', 'Signing in asks for your password only. If this was not you, change your password at once.');
  return view(profile, user.isAdmin);
}
