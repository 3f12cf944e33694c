import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../kit/errors.ts';
import { memoryIdentity, memoryProfiles, memoryPublisher } from '../../test/support/memory-repos.ts';
import { deleteMe, getMe, login, register, updateMe } from './accounts.ts';

const body = { email: 'ada@example.com', password: 'Correct-Horse-9', displayName: 'Ada' };

describe('accounts', () => {
  it('registers an account with a profile in UTC unless a zone is given', async () => {
    const identity = memoryIdentity();
    const profiles = memoryProfiles();
    const user = await register(identity, profiles, body, new Date('2026-11-21T10:00:00Z'));
    expect(user).toEqual({ id: 'user-1', email: body.email, displayName: 'Ada', isAdmin: false, timezone: 'UTC', createdAt: '2026-11-21T10:00:00.000Z' });
    const berlin = await register(identity, profiles, { ...body, email: 'b@example.com', timezone: 'Europe/Berlin' });
    expect(berlin.timezone).toBe('Europe/Berlin');
  });

  it('removes the account again when the profile cannot be written', async () => {
    const identity = memoryIdentity();
    const profiles = memoryProfiles();
    profiles.create = async () => {
      throw new Error('table unavailable');
    };
    await expect(register(identity, profiles, body)).rejects.toThrow('table unavailable');
    expect(identity.accounts.size).toBe(0);
    expect(identity.calls).toEqual([`signUp ${body.email}`, `deleteAccount ${body.email}`]);
  });

  it('signs in, creating a missing profile for an account made elsewhere', async () => {
    const identity = memoryIdentity();
    const profiles = memoryProfiles();
    await identity.signUp('op@example.com', 'Correct-Horse-9');
    const session = await login(identity, profiles, { email: 'op@example.com', password: 'Correct-Horse-9' });
    expect(session.user).toMatchObject({ email: 'op@example.com', displayName: 'op', timezone: 'UTC', isAdmin: false });
    expect(session.accessToken).toBe(`access-${session.user.id}`);
    expect(profiles.rows.size).toBe(1);
  });

  it('changes the password through the identity store and the rest in the profile', async () => {
    const identity = memoryIdentity();
    const profiles = memoryProfiles();
    const user = await register(identity, profiles, body);
    const me = { id: user.id, isAdmin: false };
    const view = await updateMe(identity, profiles, me, `access-${user.id}`, {
      displayName: 'Ada L.',
      password: { current: body.password, new: 'Brand-New-Pass-2' },
    });
    expect(view.displayName).toBe('Ada L.');
    expect(identity.accounts.get(body.email)!.password).toBe('Brand-New-Pass-2');
    expect((await getMe(profiles, me)).displayName).toBe('Ada L.');
  });

  it('deletes the identity, then announces the purge, then removes the profile', async () => {
    const identity = memoryIdentity();
    const profiles = memoryProfiles();
    const events = memoryPublisher();
    const user = await register(identity, profiles, body);
    await deleteMe(identity, profiles, events, { id: user.id });
    expect(identity.accounts.size).toBe(0);
    expect(profiles.rows.size).toBe(0);
    expect(events.events.map((e) => [e.type, e.detail.userId])).toEqual([['user.deleted', user.id]]);
    await expect(deleteMe(identity, profiles, events, { id: user.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a second registration of the same email', async () => {
    const identity = memoryIdentity();
    const profiles = memoryProfiles();
    await register(identity, profiles, body);
    await expect(register(identity, profiles, body)).rejects.toBeInstanceOf(ConflictError);
  });
});
