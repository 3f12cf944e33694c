import { domainEvent, type EventPublisher } from '../events/domain-events.ts';
import type { AuditInput, AuditRecord } from '../audit/audit.ts';
import { endEverySession } from '../auth/accounts.ts';
import { ADMIN_GROUP } from '../auth/groups.ts';
import type { IdentityProvider } from '../auth/identity-provider.ts';
import type { SessionRepository } from '../auth/session-repository.ts';
import { BadRequestError, DomainError, NotFoundError } from '../kit/errors.ts';
import type { Page } from '../kit/schemas.ts';
import type { Profile, ProfileRepository } from '../users/profile-repository.ts';

/**
 * The admin console's user management: list, detail, disable/enable, delete with all data, grant
 * and revoke admin. Every action is audited; an admin cannot disable, delete or demote themselves,
 * and the last admin cannot be removed.
 */
export interface AdminUserDeps {
  identity: Pick<IdentityProvider, 'groupMembers' | 'addToGroup' | 'removeFromGroup' | 'setEnabled' | 'deleteAccount' | 'signOutEverywhere'>;
  profiles: ProfileRepository;
  sessions: Pick<SessionRepository, 'state' | 'setDisabled' | 'revokeAdminBefore' | 'endAllBefore' | 'markDeleted'>;
  events: EventPublisher;
  audit: (input: AuditInput) => Promise<void>;
  /** Counts per area of a user's items (shared/operations/areas.ts). */
  counts: (userId: string) => Promise<Record<string, Record<string, number>>>;
  /** Recent audit records about a user (newest first). */
  history: (userId: string, limit: number) => Promise<AuditRecord[]>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

/** Who acts: a signed-in admin (a user id) or the operator CLI (`cli:<name>`). */
export interface Actor {
  id: string;
}

export interface AdminUserView {
  id: string;
  email: string;
  displayName: string;
  createdAt: string;
  lastActiveAt?: string;
  isAdmin: boolean;
  disabled: boolean;
  mfaEnabled: boolean;
}

export type UserSort = 'email' | 'created' | 'lastActive';

export interface UserListQuery {
  q?: string;
  sort: UserSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

/** The most users the list reads (the console's scale: a household or a small team). */
export const MAX_LISTED_USERS = 10_000;

async function allProfiles(profiles: ProfileRepository): Promise<Profile[]> {
  const out: Profile[] = [];
  let cursor: string | undefined;
  do {
    const page = await profiles.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < MAX_LISTED_USERS);
  return out;
}

function sortValue(p: Profile, sort: UserSort): string {
  if (sort === 'email') return p.email.toLowerCase();
  if (sort === 'lastActive') return p.lastActiveAt ?? '';
  return p.createdAt;
}

/** The key a page ends on: the sort value and the id (unique, so paging never skips or repeats). */
const pageKey = (p: Profile, sort: UserSort) => `${sortValue(p, sort)}\u0000${p.id}`;

function decodeAfter(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof value.after === 'string') return value.after;
  } catch {
    // below
  }
  throw new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
}

async function toView(deps: Pick<AdminUserDeps, 'sessions'>, p: Profile, admins: Set<string>): Promise<AdminUserView> {
  const state = await deps.sessions.state(p.id);
  return {
    id: p.id,
    email: p.email,
    displayName: p.displayName,
    createdAt: p.createdAt,
    ...(p.lastActiveAt ? { lastActiveAt: p.lastActiveAt } : {}),
    isAdmin: admins.has(p.id),
    disabled: state.disabledAt !== undefined,
    mfaEnabled: p.mfaEnabled === true,
  };
}

/** Lists users: search (email or name contains `q`), sort, and pages with an opaque cursor. */
export async function listUsers(deps: Pick<AdminUserDeps, 'profiles' | 'identity' | 'sessions'>, query: UserListQuery): Promise<Page<AdminUserView>> {
  const needle = query.q?.trim().toLowerCase();
  let users = await allProfiles(deps.profiles);
  if (needle) users = users.filter((p) => p.email.toLowerCase().includes(needle) || p.displayName.toLowerCase().includes(needle));
  const dir = query.order === 'desc' ? -1 : 1;
  users.sort((a, b) => (pageKey(a, query.sort) < pageKey(b, query.sort) ? -dir : pageKey(a, query.sort) > pageKey(b, query.sort) ? dir : 0));
  const after = decodeAfter(query.cursor);
  const start = after === undefined ? 0 : users.findIndex((p) => (dir === 1 ? pageKey(p, query.sort) > after : pageKey(p, query.sort) < after));
  const from = start === -1 ? users.length : start;
  const slice = users.slice(from, from + query.limit);
  const admins = new Set(await deps.identity.groupMembers(ADMIN_GROUP));
  const items = await Promise.all(slice.map((p) => toView(deps, p, admins)));
  const more = from + query.limit < users.length;
  return {
    items,
    ...(more && slice.length
      ? { nextCursor: Buffer.from(JSON.stringify({ after: pageKey(slice[slice.length - 1]!, query.sort) })).toString('base64url') }
      : {}),
  };
}

export interface AdminUserDetail extends AdminUserView {
  timezone: string;
  counts: Record<string, Record<string, number>>;
  signIns: Array<Pick<AuditRecord, 'at' | 'kind' | 'outcome' | 'sourceIp'>>;
}

async function profileOf(deps: Pick<AdminUserDeps, 'profiles'>, id: string): Promise<Profile> {
  const profile = await deps.profiles.get(id);
  if (!profile) throw new NotFoundError('The user');
  return profile;
}

/** One user: profile, counts per area, last activity and recent sign-ins (from the audit trail). */
export async function getUserDetail(deps: AdminUserDeps, id: string): Promise<AdminUserDetail> {
  const profile = await profileOf(deps, id);
  const [admins, counts, history] = await Promise.all([deps.identity.groupMembers(ADMIN_GROUP), deps.counts(id), deps.history(id, 200)]);
  const view = await toView(deps, profile, new Set(admins));
  return {
    ...view,
    timezone: profile.timezone,
    counts,
    signIns: history
      .filter((r) => r.kind.startsWith('sign_in.'))
      .slice(0, 20)
      .map((r) => ({ at: r.at, kind: r.kind, outcome: r.outcome, ...(r.sourceIp ? { sourceIp: r.sourceIp } : {}) })),
  };
}

function notSelf(actor: Actor, id: string, what: string): void {
  if (actor.id === id) throw new DomainError(409, 'self_action', `You cannot ${what} yourself.`);
}

/** Refuses to take the last admin away (disable, delete, revoke). */
async function keepLastAdmin(deps: Pick<AdminUserDeps, 'identity'>, id: string): Promise<boolean> {
  const admins = await deps.identity.groupMembers(ADMIN_GROUP);
  const isAdmin = admins.includes(id);
  if (isAdmin && admins.length <= 1) throw new DomainError(409, 'last_admin', 'This is the last administrator; grant admin to someone else first.');
  return isAdmin;
}

/** Disables a user: sign-in stops, every session and token ends at once. */
export async function disableUser(deps: AdminUserDeps, actor: Actor, id: string): Promise<AdminUserView> {
  notSelf(actor, id, 'disable');
  const profile = await profileOf(deps, id);
  await keepLastAdmin(deps, id);
  await deps.identity.setEnabled(profile.email, false);
  await deps.sessions.setDisabled(id, deps.now());
  await endEverySession(deps, id, profile.email);
  await deps.audit({ kind: 'user.disabled', actor: actor.id, target: id });
  return toView(deps, profile, new Set(await deps.identity.groupMembers(ADMIN_GROUP)));
}

/** Enables a disabled user again (they sign in anew). */
export async function enableUser(deps: AdminUserDeps, actor: Actor, id: string): Promise<AdminUserView> {
  const profile = await profileOf(deps, id);
  await deps.identity.setEnabled(profile.email, true);
  await deps.sessions.setDisabled(id, undefined);
  await deps.audit({ kind: 'user.enabled', actor: actor.id, target: id });
  return toView(deps, profile, new Set(await deps.identity.groupMembers(ADMIN_GROUP)));
}

/**
 * Deletes a user and all their data, as their own account deletion does: the identity goes,
 * their tokens are refused, `user.deleted` purges the partition, then the profile goes.
 */
export async function deleteUser(deps: AdminUserDeps, actor: Actor, id: string): Promise<void> {
  notSelf(actor, id, 'delete');
  const profile = await profileOf(deps, id);
  const wasAdmin = await keepLastAdmin(deps, id);
  if (wasAdmin) await deps.identity.removeFromGroup(profile.email, ADMIN_GROUP);
  await deps.identity.deleteAccount(profile.email);
  const now = deps.now();
  await deps.sessions.markDeleted(id, now, Math.floor(now.getTime() / 1000) + 1);
  await deps.events.publish([domainEvent('user.deleted', id, {})]);
  await deps.profiles.remove(id);
  await deps.audit({ kind: 'user.deleted', actor: actor.id, target: id });
}

/** Makes a user an admin (their tokens carry the group from their next sign-in). */
export async function grantAdmin(deps: AdminUserDeps, actor: Actor, id: string): Promise<AdminUserView> {
  const profile = await profileOf(deps, id);
  await deps.identity.addToGroup(profile.email, ADMIN_GROUP);
  await deps.audit({ kind: 'admin.granted', actor: actor.id, target: id });
  return toView(deps, profile, new Set(await deps.identity.groupMembers(ADMIN_GROUP)));
}

/**
 * Takes admin away at once: the group membership goes, and the admin claim of every token issued
 * before the next whole second grants nothing (it answers once that second has begun, so a
 * sign-in after a later grant is never caught by it).
 */
export async function revokeAdmin(deps: AdminUserDeps, actor: Actor, id: string): Promise<AdminUserView> {
  notSelf(actor, id, 'demote');
  const profile = await profileOf(deps, id);
  await keepLastAdmin(deps, id);
  await deps.identity.removeFromGroup(profile.email, ADMIN_GROUP);
  const nowMs = deps.now().getTime();
  const validAfter = Math.floor(nowMs / 1000) + 1;
  await deps.sessions.revokeAdminBefore(id, validAfter);
  await deps.audit({ kind: 'admin.revoked', actor: actor.id, target: id });
  const wait = validAfter * 1000 - deps.now().getTime();
  if (wait > 0) await deps.sleep(wait);
  return toView(deps, profile, new Set(await deps.identity.groupMembers(ADMIN_GROUP)));
}
