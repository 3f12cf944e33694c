import { describe, expect, it } from 'vitest';
import { NotFoundError, UnauthorizedError, ValidationError } from '../kit/errors.ts';
import { memoryAccounts } from '../../test/support/memory-repos.ts';
import {
  deleteMe,
  getMe,
  login,
  loginWithCode,
  logout,
  logoutEverywhere,
  refresh,
  register,
  REGISTER_ACCEPTED,
  updateMe,
  type MfaChallengeAnswer,
} from './accounts.ts';
import { tokenRefusal } from './auth-state.ts';
import { BadCodeError, BadCredentialsError, WrongPasswordError } from './identity-provider.ts';
import { disableMfa, enableMfa, startMfaSetup } from './mfa.ts';
import type { SessionTokens, UserView } from './schemas.ts';
import { SignInLockedError } from './sign-in-guard.ts';

const body = { email: 'ada@example.com', password: 'Correct-Horse-9', displayName: 'Ada' };
const here = { sourceIp: '10.0.0.1' };
type Signed = SessionTokens & { user: UserView };

async function signedUp(deps = memoryAccounts()) {
  await register(deps, body, here);
  const session = (await login(deps, body, here)) as Signed;
  const user = { id: session.user.id, isAdmin: false, tokenId: 'jti-1', tokenExpiresAt: Math.floor(deps.clock.ms / 1000) + 3600 };
  return { deps, session, user };
}

describe('register', () => {
  it('creates the account and its profile, in UTC unless a zone is given', async () => {
    const deps = memoryAccounts();
    expect(await register(deps, body, here)).toEqual(REGISTER_ACCEPTED);
    const id = deps.identity.accounts.get(body.email)!.id;
    expect(deps.profiles.rows.get(id)).toMatchObject({ email: body.email, displayName: 'Ada', timezone: 'UTC' });
    await register(deps, { ...body, email: 'b@example.com', timezone: 'Europe/Berlin' }, here);
    expect(deps.profiles.rows.get(deps.identity.accounts.get('b@example.com')!.id)!.timezone).toBe('Europe/Berlin');
  });

  it('answers a known email exactly as a new one, leaves the account alone and tells its owner in the app', async () => {
    const deps = memoryAccounts();
    const first = await register(deps, body, here);
    const again = await register(deps, { ...body, password: 'Other-Horse-77', displayName: 'Mallory' }, { sourceIp: '10.6.6.6' });
    expect(again).toEqual(first);
    expect(deps.identity.accounts.get(body.email)!.password).toBe(body.password);
    const owner = deps.identity.accounts.get(body.email)!.id;
    const notes = [...deps.notifications.rows.values()];
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'security', subjectId: 'registration', data: { event: 'register.existing_email' } });
    expect([...deps.notifications.rows.keys()][0]).toMatch(new RegExp(`^${owner}#`));
    expect(deps.securityEvents).toEqual([{ type: 'register.existing_email', email: body.email, sourceIp: '10.6.6.6', userId: owner }]);
  });

  it('refuses a common password that meets the composition rules, before any account is made', async () => {
    const deps = memoryAccounts();
    await expect(register(deps, { ...body, password: 'Password12' }, here)).rejects.toBeInstanceOf(ValidationError);
    expect(deps.identity.calls).toEqual([]);
  });

  it('removes the account again when the profile cannot be written', async () => {
    const deps = memoryAccounts();
    deps.profiles.create = () => Promise.reject(new Error('table unavailable'));
    await expect(register(deps, body, here)).rejects.toThrow('table unavailable');
    expect(deps.identity.accounts.size).toBe(0);
    expect(deps.identity.calls).toEqual([`signUp ${body.email}`, `deleteAccount ${body.email}`]);
  });
});

describe('sign-in and its lockout', () => {
  it('signs in, creating a missing profile for an account made elsewhere, and records the session', async () => {
    const deps = memoryAccounts();
    await deps.identity.signUp('op@example.com', 'Correct-Horse-9');
    const session = (await login(deps, { email: 'op@example.com', password: 'Correct-Horse-9' }, here)) as Signed;
    expect(session.user).toMatchObject({ email: 'op@example.com', displayName: 'op', timezone: 'UTC', isAdmin: false, mfaEnabled: false });
    expect(deps.sessions.records.get(session.refreshToken!)).toEqual({ userId: session.user.id, createdAt: deps.clock.ms });
  });

  it('locks an account from one address after 5 failures, doubling the wait, and a success clears it', async () => {
    const { deps } = await signedUp();
    const wrong = { email: body.email, password: 'Wrong-Horse-9' };
    for (let i = 0; i < 5; i++) await expect(login(deps, wrong, here)).rejects.toBeInstanceOf(BadCredentialsError);
    const locked = await login(deps, body, here).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(SignInLockedError);
    expect((locked as SignInLockedError).headers).toEqual({ 'retry-after': '60' });
    expect((locked as SignInLockedError).message).toBe('Too many failed attempts for this account. Try again in 60 s (after 2026-11-21T10:01:00Z).');
    expect(deps.securityEvents.map((e) => e.type).slice(-2)).toEqual(['sign_in.failed', 'sign_in.locked']);

    deps.clock.ms += 60_000;
    await expect(login(deps, wrong, here)).rejects.toBeInstanceOf(BadCredentialsError);
    await expect(login(deps, body, here)).rejects.toMatchObject({ headers: { 'retry-after': '120' } });
    deps.clock.ms += 120_000;
    expect(await login(deps, body, here)).toHaveProperty('accessToken');
    // Cleared: five more failures are allowed again before a lock.
    for (let i = 0; i < 4; i++) await expect(login(deps, wrong, here)).rejects.toBeInstanceOf(BadCredentialsError);
    expect(await login(deps, body, here)).toHaveProperty('accessToken');
  });

  it('locks the account for every new address after 20 failures spread over rotating addresses, but not its owner’s known one', async () => {
    const { deps } = await signedUp(); // signed in from `here`: a known address
    for (let i = 0; i < 20; i++)
      await expect(login(deps, { email: body.email, password: `Guess-${i}-Horse` }, { sourceIp: `10.9.0.${i}` })).rejects.toBeInstanceOf(
        BadCredentialsError,
      );
    await expect(login(deps, body, { sourceIp: '10.9.1.1' })).rejects.toBeInstanceOf(SignInLockedError);
    expect(await login(deps, body, here)).toHaveProperty('accessToken');
  });

  it('counts unknown emails alike, so a lock says nothing about whether an account exists', async () => {
    const deps = memoryAccounts();
    const nobody = { email: 'nobody@example.com', password: 'Wrong-Horse-9' };
    for (let i = 0; i < 5; i++) await expect(login(deps, nobody, here)).rejects.toBeInstanceOf(BadCredentialsError);
    await expect(login(deps, nobody, here)).rejects.toBeInstanceOf(SignInLockedError);
  });
});

describe('sessions', () => {
  it('refreshes a live session, and not one signed out', async () => {
    const { deps, session, user } = await signedUp();
    expect(await refresh(deps, { refreshToken: session.refreshToken! })).toHaveProperty('accessToken');
    await logout(deps, user, { refreshToken: session.refreshToken! }, here);
    await expect(refresh(deps, { refreshToken: session.refreshToken! })).rejects.toBeInstanceOf(UnauthorizedError);
    // The access token presented is ended too, until it expires.
    const state = await deps.sessions.state(user.id);
    expect(tokenRefusal(state, { iat: 0, jti: 'jti-1' })).toBeDefined();
    expect(deps.identity.calls).toContain('revokeRefreshToken');
  });

  it('signing out with another user’s refresh token ends nothing of theirs', async () => {
    const { deps, user } = await signedUp();
    const bob = { ...body, email: 'bob@example.com' };
    await register(deps, bob, here);
    const bobs = (await login(deps, bob, here)) as Signed;
    const revokedBefore = deps.identity.calls.filter((c) => c === 'revokeRefreshToken').length;
    await logout(deps, user, { refreshToken: bobs.refreshToken! }, here);
    expect(await refresh(deps, { refreshToken: bobs.refreshToken! })).toHaveProperty('accessToken');
    expect(deps.identity.calls.filter((c) => c === 'revokeRefreshToken')).toHaveLength(revokedBefore);
  });

  it('signs out everywhere: every earlier session and token ends, later ones work', async () => {
    const { deps, session, user } = await signedUp();
    const other = (await login(deps, body, { sourceIp: '10.0.0.2' })) as Signed;
    const before = Math.floor(deps.clock.ms / 1000);
    await logoutEverywhere(deps, user, here);
    for (const s of [session, other])
      await expect(refresh(deps, { refreshToken: s.refreshToken! })).rejects.toBeInstanceOf(UnauthorizedError);
    const state = await deps.sessions.state(user.id);
    expect(tokenRefusal(state, { iat: before })).toBeDefined();
    // The answer came once the next second had begun: a sign-in now is not caught.
    const after = (await login(deps, body, here)) as Signed;
    expect(tokenRefusal(state, { iat: Math.floor(deps.clock.ms / 1000) })).toBeUndefined();
    expect(await refresh(deps, { refreshToken: after.refreshToken! })).toHaveProperty('accessToken');
  });
});

describe('profile', () => {
  it('changes the password with the current one, ends every session and tells the owner', async () => {
    const { deps, session, user } = await signedUp();
    const view = await updateMe(deps, user, `access-${user.id}`, { displayName: 'Ada L.', password: { current: body.password, new: 'Brand-New-Pass-2' } }, here);
    expect(view.displayName).toBe('Ada L.');
    expect(deps.identity.accounts.get(body.email)!.password).toBe('Brand-New-Pass-2');
    await expect(refresh(deps, { refreshToken: session.refreshToken! })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(deps.securityEvents.map((e) => e.type)).toContain('password.changed');
    expect([...deps.notifications.rows.values()].map((n) => n.subjectId)).toEqual(['password']);
    expect((await getMe(deps.profiles, user)).displayName).toBe('Ada L.');
  });

  it('counts wrong current passwords against the lockout, so a token cannot guess the password', async () => {
    const { deps, user } = await signedUp();
    const guess = (current: string) => updateMe(deps, user, `access-${user.id}`, { password: { current, new: 'Brand-New-Pass-2' } }, here);
    for (let i = 0; i < 5; i++) await expect(guess(`Guess-${i}-Horse`)).rejects.toBeInstanceOf(WrongPasswordError);
    await expect(guess(body.password)).rejects.toBeInstanceOf(SignInLockedError);
    expect(deps.identity.accounts.get(body.email)!.password).toBe(body.password);
  });

  it('refuses a guessable new password and names the field', async () => {
    const { deps, user } = await signedUp();
    const error = await updateMe(deps, user, `access-${user.id}`, { password: { current: body.password, new: 'Qwerty1234' } }, here).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual({ issues: [{ field: 'password.new', message: expect.stringMatching(/too easy to guess/) }] });
  });

  it('deletes only with the current password: identity, tokens, announcement, profile; a retry goes on', async () => {
    const { deps, user } = await signedUp();
    await expect(deleteMe(deps, user, { password: 'Wrong-Horse-9' }, here)).rejects.toBeInstanceOf(WrongPasswordError);
    expect(deps.identity.accounts.size).toBe(1);
    await deleteMe(deps, user, { password: body.password }, here);
    expect(deps.identity.accounts.size).toBe(0);
    expect(deps.profiles.rows.size).toBe(0);
    expect(deps.events.events.map((e) => [e.type, e.detail.userId])).toEqual([['user.deleted', user.id]]);
    expect(tokenRefusal(await deps.sessions.state(user.id), { iat: Math.floor(deps.clock.ms / 1000) + 5 })).toBe('The account was deleted.');
    await expect(deleteMe(deps, user, { password: body.password }, here)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('TOTP MFA', () => {
  it('enrols, then asks for the code at sign-in; a wrong code counts, the right one signs in', async () => {
    const { deps, user } = await signedUp();
    const token = `access-${user.id}`;
    const setup = await startMfaSetup(deps, user, token);
    expect(setup.otpauthUri).toBe(`otpauth://totp/Mosaic%3Aada%40example.com?secret=${setup.secret}&issuer=Mosaic&algorithm=SHA1&digits=6&period=30`);
    await expect(enableMfa(deps, user, token, { code: '000000' }, here)).rejects.toBeInstanceOf(BadCodeError);
    expect((await enableMfa(deps, user, token, { code: `code-${setup.secret}` }, here)).mfaEnabled).toBe(true);

    const challenge = (await login(deps, body, here)) as MfaChallengeAnswer;
    expect(challenge).toEqual({ challenge: 'totp', challengeId: expect.any(String), expiresIn: 180 });
    await expect(loginWithCode(deps, { challengeId: challenge.challengeId, code: '123456' }, here)).rejects.toBeInstanceOf(BadCodeError);
    expect(deps.securityEvents.map((e) => e.type)).toContain('sign_in.mfa_failed');
    const session = await loginWithCode(deps, { challengeId: challenge.challengeId, code: `code-${setup.secret}` }, here);
    expect(session.user.mfaEnabled).toBe(true);
    // Single use.
    await expect(loginWithCode(deps, { challengeId: challenge.challengeId, code: `code-${setup.secret}` }, here)).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });

  it('turns MFA off only with the current password', async () => {
    const { deps, user } = await signedUp();
    const token = `access-${user.id}`;
    const setup = await startMfaSetup(deps, user, token);
    await enableMfa(deps, user, token, { code: `code-${setup.secret}` }, here);
    await expect(disableMfa(deps, user, token, { password: 'Wrong-Horse-9' }, here)).rejects.toBeInstanceOf(WrongPasswordError);
    expect((await disableMfa(deps, user, token, { password: body.password }, here)).mfaEnabled).toBe(false);
    expect(await login(deps, body, here)).toHaveProperty('accessToken');
    expect(deps.securityEvents.map((e) => e.type)).toEqual(expect.arrayContaining(['mfa.enabled', 'password.check_failed', 'mfa.disabled']));
  });
});
