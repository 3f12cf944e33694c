import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { functionTestEnv } from '../support/function-env.ts';
import type * as AuthStateRepository from '../../shared/auth/auth-state-repository.ts';

// The cache's rules, with the DynamoDB client's `send` answered in memory and the clocks faked: the
// integration tests (test/integration/auth.test.ts) show the same through the runtime and dynalite,
// but only a fake clock can show what another process, which is never told, sees and when.
type Repo = typeof AuthStateRepository;
let repo: Repo;
let send: ReturnType<typeof vi.fn>;
/** The stored item of each user, as the table would answer it. */
const table = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  Object.assign(process.env, functionTestEnv('test'));
  const { dynamo } = await import('../../shared/aws/dynamo.ts');
  send = vi.fn(async (command: { input: { Key: { pk: string }; UpdateExpression?: string; ExpressionAttributeValues?: Record<string, unknown> } }) => {
    const { Key, UpdateExpression, ExpressionAttributeValues } = command.input;
    if (UpdateExpression) {
      table.set(Key.pk, { ...table.get(Key.pk), timezone: ExpressionAttributeValues![':tz'] });
      return {};
    }
    const item = table.get(Key.pk);
    return { Item: item ? { ...item } : undefined };
  });
  vi.spyOn(dynamo, 'send').mockImplementation(send as never);
  repo = await import('../../shared/auth/auth-state-repository.ts');
});

afterEach(() => {
  vi.useRealTimers();
  send.mockClear();
});

/** Another process ends tokens: the table changes, this process is not told. */
const writeElsewhere = (userId: string, fields: Record<string, unknown>) => table.set(`AUTH#${userId}`, { ...table.get(`AUTH#${userId}`), ...fields });

describe('token state cache', () => {
  it('shares one read among requests for AUTH_STATE_CACHE_MS, then reads again', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance', 'setTimeout'] });
    writeElsewhere('u1', { tokensValidAfter: 10 });
    const first = await Promise.all([repo.currentAuthState('u1'), repo.currentAuthState('u1')]);
    expect(first.map((s) => s.tokensValidAfter)).toEqual([10, 10]);
    expect(send).toHaveBeenCalledTimes(1);

    writeElsewhere('u1', { tokensValidAfter: 20 });
    vi.advanceTimersByTime(repo.AUTH_STATE_CACHE_MS - 1);
    expect((await repo.currentAuthState('u1')).tokensValidAfter).toBe(10); // the bounded window
    vi.advanceTimersByTime(1);
    expect((await repo.currentAuthState('u1')).tokensValidAfter).toBe(20);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('expires a copy when the wall clock says so, though the monotonic clock stood still (a frozen environment)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    writeElsewhere('u2', { deletedAt: undefined });
    await repo.currentAuthState('u2');
    writeElsewhere('u2', { deletedAt: '2026-11-28T00:00:00Z' });
    vi.setSystemTime(Date.now() + repo.AUTH_STATE_CACHE_MS);
    expect((await repo.currentAuthState('u2')).deletedAt).toBe('2026-11-28T00:00:00Z');
    // A wall clock set back does not make a copy young again either.
    await repo.currentAuthState('u2');
    writeElsewhere('u2', { disabledAt: '2026-11-28T00:00:00Z' });
    vi.setSystemTime(Date.now() - 60_000);
    expect((await repo.currentAuthState('u2')).disabledAt).toBe('2026-11-28T00:00:00Z');
  });

  it('forgets its copy at once on a change made here, and the change answers only once other copies expired', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance', 'setTimeout'] });
    await repo.currentAuthState('u3');
    writeElsewhere('u3', { tokensValidAfter: 30 });
    let answered = false;
    const change = repo.authStateChanged('u3').then(() => (answered = true));
    // This process sees the change at once…
    expect((await repo.currentAuthState('u3')).tokensValidAfter).toBe(30);
    // …and the writer answers only when a copy read just before the write, elsewhere, has expired.
    await vi.advanceTimersByTimeAsync(repo.AUTH_STATE_CACHE_MS - 1);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await change;
    expect(answered).toBe(true);
  });

  it('keeps no failed read, and mirrors the time zone forgetting the copy', async () => {
    send.mockRejectedValueOnce(new Error('throttled'));
    await expect(repo.currentAuthState('u4')).rejects.toThrow('throttled');
    expect((await repo.currentAuthState('u4')).timezone).toBeUndefined();
    await repo.mirrorTimezone('u4', 'Europe/Berlin');
    expect((await repo.currentAuthState('u4')).timezone).toBe('Europe/Berlin');
  });
});
