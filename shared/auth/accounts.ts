import { randomBytes } from 'node:crypto';
import { domainEvent, type EventPublisher } from '../events/domain-events.ts';
import { DomainError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../kit/errors.ts';
import { localDate } from '../kit/dates.ts';
import { notification } from '../notifications/notifications.ts';
import type { NotificationRepository } from '../notifications/notification-repository.ts';
import type { Profile, ProfileRepository } from '../users/profile-repository.ts';
import { tokenRefusal } from './auth-state.ts';
import { ADMIN_GROUP } from './groups.ts';
import {
  AccountExistsError,
  BadCodeError,
  BadCredentialsError,
  WrongPasswordError,
  type IdentityProvider,
  type SignedIn,
} from './identity-provider.ts';
import { weakPasswordReason } from './password-strength.ts';
import type {
  LoginBody,
  LoginMfaBody,
  LogoutBody,
  PasswordConfirmBody,
  RefreshBody,
  RegisterBody,
  SessionTokens,
  UpdateMeBody,
  UserView,
} from './schemas.ts';
import type { SecurityEventType, SecuritySink } from './security-events.ts';
import type { SessionRepository } from './session-repository.ts';
import {
  attemptFailed,
  attemptSucceeded,
  beginAttempt,
  type SignInAttempt,
  type SignInGuardRepository,
} from './sign-in-guard.ts';

/** Time zone of a profile until its owner sets one. */
export const DEFAULT_TIMEZONE = 'UTC';
/** Refresh tokens (and so sessions) last 30 days (the user pool client says the same). */
export const SESSION_DAYS = 30;
/** How long a sign-in waits for its MFA code (Cognito's challenge session lasts 3 minutes). */
export const MFA_CHALLENGE_SECONDS = 180;

/** What the account functions work with; each takes only the parts it uses. */
export interface AccountDeps {
  identity: IdentityProvider;
  profiles: ProfileRepository;
  guard: SignInGuardRepository;
  sessions: SessionRepository;
  notifications: NotificationRepository;
  events: EventPublisher;
  security: SecuritySink;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

/** The caller of an authenticated route, as the kit verified it. */
export interface Caller {
  id: string;
  isAdmin: boolean;
  tokenId?: string;
  tokenExpiresAt?: number;
}

/** Where a request came from (lockouts count per address). */
export interface RequestContext {
  sourceIp: string;
}

export function view(profile: Profile, isAdmin: boolean): UserView {
  return {
    id: profile.id,
    email: profile.email,
    displayName: profile.displayName,
    isAdmin,
    timezone: profile.timezone,
    createdAt: profile.createdAt,
    mfaEnabled: profile.mfaEnabled === true,
  };
}

/** A security notice in the account owner's in-app notifications (one per subject and day). */
export async function notifySecurity(
  deps: Pick<AccountDeps, 'notifications' | 'now'>,
  profile: Pick<Profile, 'id' | 'timezone'>,
  subject: 'registration' | 'password' | 'mfa-on' | 'mfa-off' | 'sessions',
  event: SecurityEventType,
  title: string,
  body: string,
): Promise<void> {
  const now = deps.now();
  await deps.notifications.add(profile.id, notification('security', localDate(profile.timezone, now), subject, title, body, { event }, now));
}

/** The one answer of register, for a new and a known email alike. */
export const REGISTER_ACCEPTED = {
  status: 'accepted',
  message: 'Thanks. If this email is new, your account is ready: sign in with it. If it already has an account, sign in with that account\u2019s password.',
} as const;

/**
 * Creates the account in the identity store, then its profile (if that fails the account is
 * removed again). A known email gets the same answer, so registration cannot tell whether an
 * email has an account; its owner gets an in-app security notice instead, and the work done for
 * it (an identity lookup and a write) is about what a new account costs, so the timing tells
 * little either.
 */
export async function register(
  deps: Pick<AccountDeps, 'profiles' | 'notifications' | 'security' | 'now'> & {
    identity: Pick<IdentityProvider, 'signUp' | 'deleteAccount' | 'findUserId'>;
  },
  body: RegisterBody,
  context: RequestContext,
): Promise<typeof REGISTER_ACCEPTED> {
  const weak = await weakPasswordReason(body.password, [body.email, body.displayName]);
  if (weak) throw new ValidationError(`Invalid body: password: ${weak}`, [{ field: 'password', message: weak }]);
  let userId: string;
  try {
    userId = await deps.identity.signUp(body.email, body.password);
  } catch (error) {
    if (!(error instanceof AccountExistsError)) throw error;
    await tellOwnerOfRegistration(deps, body.email, context);
    return REGISTER_ACCEPTED;
  }
  const at = deps.now().toISOString();
  const profile: Profile = {
    id: userId,
    email: body.email,
    displayName: body.displayName,
    timezone: body.timezone ?? DEFAULT_TIMEZONE,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await deps.profiles.create(profile);
  } catch (error) {
    await deps.identity.deleteAccount(body.email);
    throw error;
  }
  return REGISTER_ACCEPTED;
}

async function tellOwnerOfRegistration(
  deps: Pick<AccountDeps, 'profiles' | 'notifications' | 'security' | 'now'> & { identity: Pick<IdentityProvider, 'findUserId'> },
  email: string,
  context: RequestContext,
): Promise<void> {
  const userId = await deps.identity.findUserId(email);
  await deps.security({ type: 'register.existing_email', email, sourceIp: context.sourceIp, ...(userId ? { userId } : {}) });
  const profile = userId ? await deps.profiles.get(userId) : undefined;
  if (!profile) return;
  await notifySecurity(
    deps,
    profile,
    'registration',
    'register.existing_email',
    'Someone tried to register with your email',
    'A new account was requested with your email address. Your account is unchanged and nobody signed in. If it was you, just sign in; if not, consider changing your password.',
  );
}

/** Stores the session of a completed sign-in and answers with the tokens and the user. */
async function signedInAnswer(
  deps: Pick<AccountDeps, 'identity' | 'profiles' | 'sessions' | 'security' | 'now'>,
  email: string,
  result: SignedIn,
  context: RequestContext,
): Promise<SessionTokens & { user: UserView }> {
  const { userId, isAdmin, ...tokens } = result;
  const now = deps.now();
  // An administrator disabled the account: the identity store may still sign it in (the local
  // pool ignores the flag), so Mosaic refuses it here and ends the session just begun.
  const state = await deps.sessions.state(userId);
  if (state.disabledAt) {
    if (tokens.refreshToken) await deps.identity.revokeRefreshToken(tokens.refreshToken);
    await deps.security({ type: 'sign_in.failed', userId, sourceIp: context.sourceIp, detail: { reason: 'disabled' } });
    throw new ForbiddenError('This account is disabled. Ask an administrator.');
  }
  if (tokens.refreshToken)
    await deps.sessions.create(tokens.refreshToken, { userId, createdAt: now.getTime() }, now.getTime() + SESSION_DAYS * 86_400_000);
  let profile = await deps.profiles.get(userId);
  if (!profile) {
    // An account made outside the API (say, by an operator) gets its profile on first sign-in.
    const at = now.toISOString();
    profile = { id: userId, email, displayName: email.split('@')[0]!, timezone: DEFAULT_TIMEZONE, createdAt: at, updatedAt: at };
    await deps.profiles.create(profile);
  } else {
    profile = await deps.profiles.update(userId, { lastActiveAt: now.toISOString() });
  }
  await deps.security({ type: 'sign_in.succeeded', userId, sourceIp: context.sourceIp });
  return { ...tokens, user: view(profile, isAdmin) };
}

/** A sign-in waiting for its TOTP code. */
export interface MfaChallengeAnswer {
  challenge: 'totp';
  challengeId: string;
  expiresIn: number;
}

/**
 * Signs in with email and password. The attempt is counted against the account's lockout first
 * (sign-in-guard.ts); a wrong password keeps the count, a completed sign-in clears it. An account
 * with MFA answers a challenge instead of tokens, and its count clears only once the code is right.
 */
export async function login(
  deps: Pick<AccountDeps, 'identity' | 'profiles' | 'guard' | 'sessions' | 'security' | 'now'>,
  body: LoginBody,
  context: RequestContext,
): Promise<(SessionTokens & { user: UserView }) | MfaChallengeAnswer> {
  const attempt = await beginAttempt(deps.guard, body.email, context.sourceIp, deps.now().getTime());
  let result;
  try {
    result = await deps.identity.signIn(body.email, body.password);
  } catch (error) {
    // The account, when there is one, so the failure shows in its sign-in history (admin detail).
    if (error instanceof BadCredentialsError)
      await attemptFailed(attempt, deps.security, 'sign_in.failed', await deps.identity.findUserId(body.email).catch(() => undefined));
    throw error;
  }
  if (result.kind === 'mfa') {
    const challengeId = randomBytes(24).toString('base64url');
    await deps.sessions.putChallenge(challengeId, {
      email: body.email,
      session: result.session,
      expiresAt: deps.now().getTime() + MFA_CHALLENGE_SECONDS * 1000,
    });
    return { challenge: 'totp', challengeId, expiresIn: MFA_CHALLENGE_SECONDS };
  }
  await attemptSucceeded(deps.guard, attempt, { rememberAddress: true }, deps.now().getTime());
  const { kind: _signedIn, ...signed } = result;
  return signedInAnswer(deps, body.email, signed, context);
}

/** Completes an MFA sign-in with the code; a wrong code counts like a wrong password. */
export async function loginWithCode(
  deps: Pick<AccountDeps, 'identity' | 'profiles' | 'guard' | 'sessions' | 'security' | 'now'>,
  body: LoginMfaBody,
  context: RequestContext,
): Promise<SessionTokens & { user: UserView }> {
  const challenge = await deps.sessions.getChallenge(body.challengeId);
  if (!challenge || challenge.expiresAt <= deps.now().getTime()) throw new UnauthorizedError('This sign-in has expired; sign in again with your password.');
  const attempt = await beginAttempt(deps.guard, challenge.email, context.sourceIp, deps.now().getTime());
  let result: SignedIn;
  try {
    result = await deps.identity.answerTotp(challenge.email, challenge.session, body.code);
  } catch (error) {
    if (error instanceof BadCodeError) await attemptFailed(attempt, deps.security, 'sign_in.mfa_failed');
    else if (error instanceof UnauthorizedError) await deps.sessions.deleteChallenge(body.challengeId);
    throw error;
  }
  await deps.sessions.deleteChallenge(body.challengeId);
  await attemptSucceeded(deps.guard, attempt, { rememberAddress: true }, deps.now().getTime());
  return signedInAnswer(deps, challenge.email, result, context);
}

const SESSION_ENDED = 'This session has ended; sign in again.';

/**
 * New tokens for a session's refresh token, while the session lasts: it was not signed out, and
 * not begun before a sign-out everywhere (or the account's deletion).
 */
export async function refresh(
  deps: Pick<AccountDeps, 'identity' | 'sessions' | 'profiles' | 'now'>,
  body: RefreshBody,
): Promise<SessionTokens> {
  const session = await deps.sessions.get(body.refreshToken);
  if (!session) throw new UnauthorizedError(SESSION_ENDED);
  const state = await deps.sessions.state(session.userId);
  if (tokenRefusal(state, { iat: Math.floor(session.createdAt / 1000) })) {
    await deps.sessions.end(body.refreshToken);
    throw new UnauthorizedError(SESSION_ENDED);
  }
  const tokens = await deps.identity.refresh(body.refreshToken);
  // Last activity, for the admin's user list: a client refreshes about hourly while in use.
  await deps.profiles.update(session.userId, { lastActiveAt: deps.now().toISOString() }).catch(() => undefined);
  if (tokens.refreshToken && tokens.refreshToken !== body.refreshToken) {
    // A rotated refresh token carries the session on.
    await deps.sessions.create(tokens.refreshToken, session, session.createdAt + SESSION_DAYS * 86_400_000);
    await deps.sessions.end(body.refreshToken);
  }
  return tokens;
}

/**
 * Signs this session out: its refresh token stops working (Mosaic's record and the user pool's
 * token), and so does the access token presented, at once.
 */
export async function logout(
  deps: Pick<AccountDeps, 'identity' | 'sessions' | 'security' | 'now'>,
  user: Caller,
  body: LogoutBody,
  context: RequestContext,
): Promise<void> {
  // Only a session of the caller's own is ended at the user pool: a token of someone else's
  // (pasted by mistake, or not) is left alone.
  if (await deps.sessions.end(body.refreshToken, user.id)) await deps.identity.revokeRefreshToken(body.refreshToken);
  if (user.tokenId && user.tokenExpiresAt) {
    const nowSeconds = Math.floor(deps.now().getTime() / 1000);
    const state = await deps.sessions.state(user.id);
    const expired = Object.entries(state.revokedTokens)
      .filter(([, exp]) => exp < nowSeconds)
      .map(([id]) => id);
    await deps.sessions.revokeAccessToken(user.id, user.tokenId, user.tokenExpiresAt, expired);
  }
  await deps.security({ type: 'session.ended', userId: user.id, sourceIp: context.sourceIp });
}

/**
 * Ends every session of the user: tokens issued and sessions begun before the next whole second
 * are refused from now on (the user pool's refresh tokens are revoked too, where it can). It
 * answers once that second has begun, so a sign-in made after the answer is never caught by it.
 */
export async function endEverySession(
  deps: {
    identity: Pick<IdentityProvider, 'signOutEverywhere'>;
    sessions: Pick<SessionRepository, 'endAllBefore'>;
  } & Pick<AccountDeps, 'now' | 'sleep'>,
  userId: string,
  email: string,
): Promise<void> {
  const nowMs = deps.now().getTime();
  const validAfter = Math.floor(nowMs / 1000) + 1;
  await deps.sessions.endAllBefore(userId, validAfter);
  await deps.identity.signOutEverywhere(email);
  const wait = validAfter * 1000 - deps.now().getTime();
  if (wait > 0) await deps.sleep(wait);
}

/** "Sign out everywhere": every session of the account ends, this one included. */
export async function logoutEverywhere(
  deps: Pick<AccountDeps, 'identity' | 'profiles' | 'sessions' | 'notifications' | 'security' | 'now' | 'sleep'>,
  user: Caller,
  context: RequestContext,
): Promise<void> {
  const profile = await deps.profiles.get(user.id);
  if (!profile) throw new NotFoundError('Your profile');
  await endEverySession(deps, user.id, profile.email);
  await deps.security({ type: 'sessions.ended_everywhere', userId: user.id, sourceIp: context.sourceIp });
}

export async function getMe(profiles: ProfileRepository, user: { id: string; isAdmin: boolean }): Promise<UserView> {
  const profile = await profiles.get(user.id);
  if (!profile) throw new NotFoundError('Your profile');
  return view(profile, user.isAdmin);
}

/**
 * Checks the current password before a sensitive change, counted against the account's lockout
 * like a sign-in (so a stolen token cannot be used to guess the password); throws
 * {@link WrongPasswordError} naming `field` when it is wrong.
 */
export async function confirmPassword(
  deps: Pick<AccountDeps, 'identity' | 'guard' | 'security' | 'now'>,
  profile: Profile,
  password: string,
  field: string,
  context: RequestContext,
): Promise<void> {
  const attempt = await beginAttempt(deps.guard, profile.email, context.sourceIp, deps.now().getTime());
  if (!(await deps.identity.checkPassword(profile.email, password))) {
    await attemptFailed(attempt, deps.security, 'password.check_failed', profile.id);
    throw new WrongPasswordError(field);
  }
  await attemptSucceeded(deps.guard, attempt, { rememberAddress: false }, deps.now().getTime());
}

/**
 * Changes display name and time zone; a password change goes to the identity store first, needs
 * the current password (counted against the lockout), refuses a guessable new one, and then ends
 * every session of the account, this one included: the client signs in again with the new password.
 */
export async function updateMe(
  deps: Pick<AccountDeps, 'profiles' | 'guard' | 'sessions' | 'notifications' | 'security' | 'now' | 'sleep'> & {
    identity: Pick<IdentityProvider, 'changePassword' | 'signOutEverywhere'>;
  },
  user: Caller,
  accessToken: string,
  body: UpdateMeBody,
  context: RequestContext,
): Promise<UserView> {
  let profile = await deps.profiles.get(user.id);
  if (!profile) throw new NotFoundError('Your profile');
  if (body.password) {
    const weak = await weakPasswordReason(body.password.new, [profile.email, body.displayName ?? profile.displayName]);
    if (weak) throw new ValidationError(`Invalid body: password.new: ${weak}`, [{ field: 'password.new', message: weak }]);
    await changePassword(deps, profile, accessToken, body.password, context);
  }
  const changes = {
    ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
    ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
  };
  if (Object.keys(changes).length) profile = await deps.profiles.update(user.id, changes);
  if (body.password) {
    await deps.security({ type: 'password.changed', userId: user.id, sourceIp: context.sourceIp });
    await notifySecurity(deps, profile, 'password', 'password.changed', 'Your password was changed', 'Every session was signed out. If this was not you, sign in and change it again at once.');
    await endEverySession(deps, user.id, profile.email);
  }
  return view(profile, user.isAdmin);
}

async function changePassword(
  deps: Pick<AccountDeps, 'guard' | 'security' | 'now'> & { identity: Pick<IdentityProvider, 'changePassword'> },
  profile: Profile,
  accessToken: string,
  password: { current: string; new: string },
  context: RequestContext,
): Promise<void> {
  const attempt: SignInAttempt = await beginAttempt(deps.guard, profile.email, context.sourceIp, deps.now().getTime());
  try {
    await deps.identity.changePassword(accessToken, password.current, password.new);
  } catch (error) {
    if (error instanceof WrongPasswordError) await attemptFailed(attempt, deps.security, 'password.check_failed', profile.id);
    throw error;
  }
  await attemptSucceeded(deps.guard, attempt, { rememberAddress: false }, deps.now().getTime());
}

/**
 * Removes the account, after its current password: the identity first (sign-in stops), then
 * every token is refused (the state outlives the purge), then `user.deleted` is published (its
 * consumer purges the user's partition), then the profile. Each step is safe to repeat: once the
 * identity is gone there is no password left to check, so a retry goes straight on.
 */
export async function deleteMe(
  deps: Pick<AccountDeps, 'identity' | 'profiles' | 'guard' | 'sessions' | 'events' | 'security' | 'now'>,
  user: Caller,
  body: PasswordConfirmBody,
  context: RequestContext,
): Promise<void> {
  const profile = await deps.profiles.get(user.id);
  if (!profile) throw new NotFoundError('Your profile');
  const admins = await deps.identity.groupMembers(ADMIN_GROUP);
  if (admins.includes(user.id) && admins.length <= 1)
    throw new DomainError(409, 'last_admin', 'You are the last administrator; grant admin to someone else first.');
  if (await deps.identity.findUserId(profile.email)) {
    await confirmPassword(deps, profile, body.password, 'password', context);
    // Out of the admin group first: the local pool would keep a deleted member in it.
    await deps.identity.removeFromGroup(profile.email, ADMIN_GROUP);
    await deps.identity.deleteAccount(profile.email);
  }
  const now = deps.now();
  await deps.sessions.markDeleted(user.id, now, Math.floor(now.getTime() / 1000) + 1);
  await deps.security({ type: 'account.deleted', userId: user.id, sourceIp: context.sourceIp });
  await deps.events.publish([domainEvent('user.deleted', user.id, {})]);
  await deps.profiles.remove(user.id);
}
