import { domainEvent, type EventPublisher } from '../events/domain-events.ts';
import { NotFoundError } from '../kit/errors.ts';
import type { Profile, ProfileRepository } from '../users/profile-repository.ts';
import type { IdentityProvider } from './identity-provider.ts';
import type { LoginBody, RefreshBody, RegisterBody, SessionTokens, UpdateMeBody, UserView } from './schemas.ts';

/** Time zone of a profile until its owner sets one. */
export const DEFAULT_TIMEZONE = 'UTC';

function view(profile: Profile, isAdmin: boolean): UserView {
  return {
    id: profile.id,
    email: profile.email,
    displayName: profile.displayName,
    isAdmin,
    timezone: profile.timezone,
    createdAt: profile.createdAt,
  };
}

/**
 * Creates the account in the identity store, then its profile. If the profile cannot be
 * written, the account is removed again, so a failed registration leaves nothing behind.
 */
export async function register(
  identity: IdentityProvider,
  profiles: ProfileRepository,
  body: RegisterBody,
  now: Date = new Date(),
): Promise<UserView> {
  const userId = await identity.signUp(body.email, body.password);
  const at = now.toISOString();
  const profile: Profile = {
    id: userId,
    email: body.email,
    displayName: body.displayName,
    timezone: body.timezone ?? DEFAULT_TIMEZONE,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await profiles.create(profile);
  } catch (error) {
    await identity.deleteAccount(body.email);
    throw error;
  }
  return view(profile, false);
}

/** Signs in; an account made outside the API (say, by an operator) gets its profile on first sign-in. */
export async function login(
  identity: IdentityProvider,
  profiles: ProfileRepository,
  body: LoginBody,
  now: Date = new Date(),
): Promise<SessionTokens & { user: UserView }> {
  const { userId, isAdmin, ...tokens } = await identity.signIn(body.email, body.password);
  let profile = await profiles.get(userId);
  if (!profile) {
    const at = now.toISOString();
    profile = {
      id: userId,
      email: body.email,
      displayName: body.email.split('@')[0]!,
      timezone: DEFAULT_TIMEZONE,
      createdAt: at,
      updatedAt: at,
    };
    await profiles.create(profile);
  }
  return { ...tokens, user: view(profile, isAdmin) };
}

export function refresh(identity: IdentityProvider, body: RefreshBody): Promise<SessionTokens> {
  return identity.refresh(body.refreshToken);
}

export async function getMe(profiles: ProfileRepository, user: { id: string; isAdmin: boolean }): Promise<UserView> {
  const profile = await profiles.get(user.id);
  if (!profile) throw new NotFoundError('Your profile');
  return view(profile, user.isAdmin);
}

/** Changes display name and time zone; a password change goes to the identity store first. */
export async function updateMe(
  identity: IdentityProvider,
  profiles: ProfileRepository,
  user: { id: string; isAdmin: boolean },
  accessToken: string,
  body: UpdateMeBody,
): Promise<UserView> {
  if (!(await profiles.get(user.id))) throw new NotFoundError('Your profile');
  if (body.password) await identity.changePassword(accessToken, body.password.current, body.password.new);
  const changes = {
    ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
    ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
  };
  const profile = Object.keys(changes).length ? await profiles.update(user.id, changes) : await profiles.get(user.id);
  return view(profile!, user.isAdmin);
}

/**
 * Removes the account: the identity first (sign-in stops working), then `user.deleted` is
 * published (its consumer purges the user's partition), then the profile. Each step is safe to
 * repeat, so a request that fails half-way can simply be sent again with the same token.
 */
export async function deleteMe(
  identity: IdentityProvider,
  profiles: ProfileRepository,
  events: EventPublisher,
  user: { id: string },
): Promise<void> {
  const profile = await profiles.get(user.id);
  if (!profile) throw new NotFoundError('Your profile');
  await identity.deleteAccount(profile.email);
  await events.publish([domainEvent('user.deleted', user.id, {})]);
  await profiles.remove(user.id);
}
