import { describe, expect, it } from 'vitest';
import { memoryIdentity, memoryProfiles, memoryPublisher, memorySessions } from '../../test/support/memory-repos.ts';
import type { AuditInput } from '../audit/audit.ts';
import { tokenRefusal } from '../auth/auth-state.ts';
import { deleteUser, disableUser, grantAdmin, listUsers, revokeAdmin, type AdminUserDeps } from './users.ts';

async function setup() {
  const audited: AuditInput[] = [];
  const deps: AdminUserDeps & { audited: AuditInput[] } = {
    identity: memoryIdentity(),
    profiles: memoryProfiles(),
    sessions: memorySessions(),
    events: memoryPublisher(),
    audit: async (input) => void audited.push(input),
    counts: async () => ({}),
    history: async () => [],
    now: () => new Date('2026-11-21T10:00:00.500Z'),
    sleep: async () => undefined,
    audited,
  };
  const identity = deps.identity as ReturnType<typeof memoryIdentity>;
  const make = async (email: string, createdAt: string) => {
    const id = await identity.signUp(email, 'pw');
    await deps.profiles.create({ id, email, displayName: email.split('@')[0]!, timezone: 'UTC', createdAt, updatedAt: createdAt });
    return id;
  };
  return { deps, identity, make };
}

describe('admin users (domain)', () => {
  it('keeps the last admin: no disable, delete or revoke of the only one, by anyone', async () => {
    const { deps, identity, make } = await setup();
    const only = await make('root@example.com', '2026-01-01T00:00:00Z');
    await identity.addToGroup('root@example.com', 'admin');
    const cli = { id: 'cli:operator' };
    for (const act of [disableUser, deleteUser, revokeAdmin]) {
      await expect(act(deps, cli, only)).rejects.toMatchObject({ status: 409, code: 'last_admin' });
    }
    expect(deps.audited).toEqual([]);
    // With a second admin, the first can be demoted; the state makes old admin claims void.
    const second = await make('second@example.com', '2026-01-02T00:00:00Z');
    await grantAdmin(deps, cli, second);
    const view = await revokeAdmin(deps, { id: second }, only);
    expect(view.isAdmin).toBe(false);
    const state = await deps.sessions.state(only);
    expect(state.adminValidAfter).toBe(Math.floor(Date.parse('2026-11-21T10:00:00.500Z') / 1000) + 1);
    expect(deps.audited.map((a) => a.kind)).toEqual(['admin.granted', 'admin.revoked']);
  });

  it('disables: tokens refused and every session ended', async () => {
    const { deps, make, identity } = await setup();
    const admin = await make('a@example.com', '2026-01-01T00:00:00Z');
    await identity.addToGroup('a@example.com', 'admin');
    const user = await make('u@example.com', '2026-01-02T00:00:00Z');
    await disableUser(deps, { id: admin }, user);
    const state = await deps.sessions.state(user);
    expect(tokenRefusal(state, { iat: 0 })).toBe('The account is disabled.');
    expect(state.tokensValidAfter).toBeGreaterThan(0);
    expect(identity.calls).toContain('setEnabled u@example.com false');
  });

  it('sorts by last activity with never-active users last in descending order, and pages without repeats', async () => {
    const { deps, make } = await setup();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await make(`u${i}@example.com`, `2026-01-0${i + 1}T00:00:00Z`));
    await deps.profiles.update(ids[3]!, { lastActiveAt: '2026-11-20T00:00:00Z' });
    await deps.profiles.update(ids[1]!, { lastActiveAt: '2026-11-19T00:00:00Z' });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listUsers(deps, { sort: 'lastActive', order: 'desc', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.slice(0, 2)).toEqual([ids[3], ids[1]]);
    expect(new Set(seen).size).toBe(5);
  });
});
